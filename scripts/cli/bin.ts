import { main, processIo } from "./main.ts";

const code = await main(process.argv.slice(2), processIo);
process.exitCode = code;
