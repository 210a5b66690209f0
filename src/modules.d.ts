// Modules without types of their own. exceljs's browser build, the one that runs in workerd (its Node entry needs Node streams), has
// the package's own types.
declare module 'exceljs/dist/exceljs.min.js' {
  import ExcelJS from 'exceljs'
  export default ExcelJS
}

// Swagger UI's assets, imported as text (wrangler.toml [[rules]]).
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string
  export default text
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const text: string
  export default text
}
