import { main, processIo } from "./cli.ts";

const code = await main(process.argv.slice(2), processIo);
process.exitCode = code;
