/** Command ids contributed in package.json. */
export const Command = {
  /** Its argument is a core `PreviewTarget` (the CodeLens and the hover link pass one). */
  previewUpsampling: 'convlens.previewUpsampling',
  showShapeTable: 'convlens.showShapeTable',
  checkWorkspace: 'convlens.checkWorkspace',
} as const;
