// Fixture files imported as their exact text (Vite's `?raw`), e.g. webhook bodies to sign.
declare module '*?raw' {
  const content: string
  export default content
}
