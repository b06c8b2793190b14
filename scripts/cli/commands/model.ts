import { loadModel, loadModelUnsealed, modelContentSha256, saveModel } from "../../../models/model-file.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import type { Command, CommandContext } from "../types.ts";

async function check({ positionals, io }: CommandContext): Promise<number> {
  if (positionals.length === 0) throw new UsageError("model check: give one or more model files");
  for (const file of positionals) {
    const m = loadModel(file);
    io.stdout(`${file}: ok, seal ${modelContentSha256(m).slice(0, 12)}…, ${m.learner}, trained on ${m.training.n_sentences} sentences from ${m.training.letters.length} documents (seed ${m.training.seed})\n`);
  }
  return 0;
}

/**
 * Re-seals a model changed on purpose (or written before seals): every check of `loadModel` but
 * the seal must pass, then the file is written again, atomically, with a new `content_sha256`.
 */
async function seal({ positionals, values, io, log }: CommandContext): Promise<number> {
  const [file, ...rest] = positionals;
  if (file === undefined || rest.length > 0) throw new UsageError("model seal: give one model file (and --out PATH to write the sealed copy elsewhere)");
  const m = loadModelUnsealed(file);
  const out = (values.out as string | undefined) ?? file;
  saveModel(m, out);
  log(`send-findings: ${out}: sealed; it now loads as it is, and any later change to it is refused until it is sealed again`);
  io.stdout(`${out}: content_sha256 ${modelContentSha256(m)}\n`);
  return 0;
}

export const command: Command = {
  meta: {
    name: "model",
    synopsis: "model check FILE... | model seal FILE [--out PATH]",
    description:
      "check: load model files as classify does (format, numbers, vocabulary, seal) and say what each holds.\n" +
      "seal: accept a model file changed on purpose: every check but the seal must pass, then the file (or --out) is written again, atomically, with a new content_sha256 seal. Use it for a model written before seals existed, or one you edited and mean to keep.",
  },
  args: {
    out: { type: "string", description: "seal: write the sealed model here instead of replacing FILE" },
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (sub === "check") return check({ ...ctx, positionals: rest });
    if (sub === "seal") return seal({ ...ctx, positionals: rest });
    throw new UsageError(`model: unknown subcommand ${sub === undefined ? "(none)" : `"${sub}"`}; expected check or seal`);
  },
};
