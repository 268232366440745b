/**
 * The URL of the model's product folder, for finding the package root. An ES module of its own (.mts):
 * code compiled to CommonJS (the fuzz build, for jsfuzz) cannot parse import.meta, but it can load
 * this file through require(esm), so the design loaders that name the built-in designs load there too.
 */
export const productFolderUrl: string = new URL('.', import.meta.url).href;
