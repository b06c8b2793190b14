/**
 * The feature settings of a model (which feature families it uses), as the model file and a
 * `--config` file give them: their zod schema, apart from the feature definition (`features.ts`),
 * so that predicting (a `classify` worker thread) does not load zod.
 */
import { z } from "zod";

export const FeatureSettingsSchema = z.strictObject({
  /** Word n-gram orders over stems, e.g. [1, 2]. */
  ngrams: z.array(z.number().int().min(1).max(3)).min(1),
  /** Minimum number of training sentences a feature must occur in. */
  min_df: z.number().int().min(1),
  /** Mark negation scope, concession and main clauses (sentiment). */
  clause_marks: z.boolean(),
  /** Cue-pattern features (sentiment). */
  cues: z.boolean(),
  /**
   * Purpose clauses ("to improve ...", "so that ...", codebook rule 9: an aim, not an effect): their
   * words are marked `p:` (with `clause_marks`) and do not count as evaluation cues.
   */
  purpose_marks: z.boolean().default(false),
  /**
   * Codebook rule 10 (examples take the judgement they support): a sentence that opens an example
   * ("For example", "This includes", ...) or extends one ("Also", "In addition" after an example)
   * gets the evaluation cues of the sentence it illustrates, the nearest earlier sentence of its
   * finding that is not itself an example, as `x:ev:strength`, `x:ev:weakness`, `x:ev:none`.
   */
  example_cues: z.boolean().default(false),
  /** The heading-derived silver label as a feature (`h:strength`, `h:weakness`, `h:none`). */
  heading: z.boolean(),
  /** Whether the sentence opens its finding. */
  position: z.boolean(),
  /** Codebook theme cue phrases (`t:<theme>`; see theme-cues.ts). */
  theme_cues: z.boolean().default(false),
  /** Codebook evaluation cues (`ev:strength`, `ev:weakness`, `ev:none`; see evaluation-cues.ts). */
  evaluation_cues: z.boolean().default(false),
  /** Theme cues of the whole finding the sentence belongs to (`ft:<theme>`), when it has one. */
  finding_theme_cues: z.boolean().default(false),
  /**
   * Theme cues of the neighbouring sentences of the same finding: `pt:<theme>` for the sentence
   * before, `nt:<theme>` for the sentence after. A sentence often continues its neighbour's topic
   * without repeating its words ("This means that ...", "They ..."); unlike `ft:` these say which
   * sentence the cue sits in, so a long finding does not lend every theme to every sentence.
   */
  neighbour_theme_cues: z.boolean().default(false),
  /**
   * Theme cues of the finding's lead sentence (`lt:<theme>`), on its later sentences: a finding's
   * first sentence usually names its topic and the sentences after it develop it (sub-bullets under
   * a lead-in, "This means ...").
   */
  lead_theme_cues: z.boolean().default(false),
});
export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;
