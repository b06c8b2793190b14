import { existsSync, readFileSync } from "node:fs";
import { InputError, summariseZodError } from "../pipeline/errors.ts";
import { type TrainParams, TrainParamsSchema } from "./model-file.ts";

/**
 * Training parameters from an optional JSON config file, validated strictly: an unknown or
 * misspelt key is an error, never silently ignored; missing keys take the documented defaults.
 */
export function loadTrainParams(configPath: string | undefined): TrainParams {
  if (configPath === undefined) return TrainParamsSchema.parse({});
  if (!existsSync(configPath)) throw new InputError("E_NOT_FOUND", "config file not found", { file: configPath });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (e) {
    throw new InputError("E_DATA", `config is not valid JSON (${e instanceof Error ? e.message.split("\n")[0] : "parse error"})`, { file: configPath });
  }
  const parsed = TrainParamsSchema.safeParse(json);
  if (!parsed.success) throw new InputError("E_DATA", `invalid config: ${summariseZodError(parsed.error)}`, { file: configPath });
  return parsed.data;
}
