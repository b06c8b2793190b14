import pkg from "../../package.json" with { type: "json" };

/** The package version, stamped into model files and reports. */
export const TOOL_VERSION: string = pkg.version;
