// Sends one HTTP request, read from stdin as JSON, and prints the answer as JSON. The end-to-end
// test runs it synchronously, so the add-on's UrlFetchApp blocks until the answer is there, as
// Apps Script's does.
let input = ''
for await (const chunk of process.stdin) input += chunk
const call = JSON.parse(input)
const response = await fetch(call.url, {
  method: call.method.toUpperCase(),
  headers: { ...call.headers, ...(call.contentType ? { 'Content-Type': call.contentType } : {}) },
  body: call.payload,
})
process.stdout.write(JSON.stringify({ status: response.status, text: await response.text() }))
