/** A `.wasm` file imported as its bytes (esbuild's `binary` loader; see parquet-encoder.ts). */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
