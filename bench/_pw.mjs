const N=524288; const w=new Float32Array(N).map(Math.random);
let t=performance.now(); for(let r=0;r<40;r++){ const a=[0,1,2,3].map(()=>new Float32Array(N/4)); for(let i=0;i<N;i++){a[i&3][(i>>2)]=w[i];} } console.log('fresh',(performance.now()-t)/40);
const b=[0,1,2,3].map(()=>new Float32Array(N/4));
t=performance.now(); for(let r=0;r<40;r++){ for(let i=0;i<N;i++){b[i&3][(i>>2)]=w[i];} } console.log('reused',(performance.now()-t)/40);
