// The API reference at /docs, with Swagger UI (swagger-ui-dist, pinned in package.json) served by
// the worker itself: the page works offline and from mainland China, loads nothing from a CDN,
// and on the page where admins paste tokens a Content-Security-Policy allows scripts from the
// worker only. The two assets are imported as text (wrangler.toml [[rules]]).
import type { Context } from 'hono'
import bundle from 'swagger-ui-dist/swagger-ui-bundle.js'
import css from 'swagger-ui-dist/swagger-ui.css'

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>regionops API 接口文档</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`

// validatorUrl: null, or Swagger UI shows a badge image from validator.swagger.io, which the CSP refuses
// (and which would hand that site the document's URL).
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false, tryItOutEnabled: false, validatorUrl: null })`

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const ASSETS: Record<string, { body: string; type: string }> = {
  'swagger-ui-bundle.js': { body: bundle, type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { body: css, type: 'text/css; charset=utf-8' },
  'init.js': { body: INIT, type: 'text/javascript; charset=utf-8' },
}

export function docsPage(c: Context) {
  c.header('Content-Security-Policy', CSP)
  c.header('Referrer-Policy', 'no-referrer')
  return c.html(PAGE)
}

export function docsAsset(c: Context) {
  const asset = ASSETS[c.req.param('asset') ?? '']
  if (!asset) return c.notFound()
  // The assets change only with the pinned package, so browsers may keep them a day.
  return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' })
}
