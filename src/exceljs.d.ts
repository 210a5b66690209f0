// exceljs's browser build, the one that runs in workerd (its Node entry needs Node streams), has
// the package's own types.
declare module 'exceljs/dist/exceljs.min.js' {
  import ExcelJS from 'exceljs'
  export default ExcelJS
}
