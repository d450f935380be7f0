declare module 'world-atlas/land-110m.json' {
  const topology: unknown;
  export default topology;
}
