// Fuzz regression (ts-folding-bomb): each const doubles the previous one, so folding `fold39`
// without a budget visits 2^40 values and never returns.
const fold0 = [2, 2];
const fold1 = [fold0, fold0];
const fold2 = [fold1, fold1];
const fold3 = [fold2, fold2];
const fold4 = [fold3, fold3];
const fold5 = [fold4, fold4];
const fold6 = [fold5, fold5];
const fold7 = [fold6, fold6];
const fold8 = [fold7, fold7];
const fold9 = [fold8, fold8];
const fold10 = [fold9, fold9];
const fold11 = [fold10, fold10];
const fold12 = [fold11, fold11];
const fold13 = [fold12, fold12];
const fold14 = [fold13, fold13];
const fold15 = [fold14, fold14];
const fold16 = [fold15, fold15];
const fold17 = [fold16, fold16];
const fold18 = [fold17, fold17];
const fold19 = [fold18, fold18];
const fold20 = [fold19, fold19];
const fold21 = [fold20, fold20];
const fold22 = [fold21, fold21];
const fold23 = [fold22, fold22];
const fold24 = [fold23, fold23];
const fold25 = [fold24, fold24];
const fold26 = [fold25, fold25];
const fold27 = [fold26, fold26];
const fold28 = [fold27, fold27];
const fold29 = [fold28, fold28];
const fold30 = [fold29, fold29];
const fold31 = [fold30, fold30];
const fold32 = [fold31, fold31];
const fold33 = [fold32, fold32];
const fold34 = [fold33, fold33];
const fold35 = [fold34, fold34];
const fold36 = [fold35, fold35];
const fold37 = [fold36, fold36];
const fold38 = [fold37, fold37];
const fold39 = [fold38, fold38];

export const model = {
  input: [1, 3, 8, 8],
  layers: [
    { type: 'ConvTranspose2d', out_channels: 4, kernel_size: fold39, stride: 2 },
    { type: 'ReLU' },
  ],
};
