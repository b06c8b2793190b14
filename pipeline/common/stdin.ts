/** The process's standard input, read whole or up to a limit; shared by the reader and the CLI's I/O. */

/** Reads the process's standard input: all of it, or it stops once it holds more than `maxBytes` (leaving the loop destroys the stream, so the rest is never read into memory). */
export async function readProcessStdin(maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const c = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(c);
    size += c.length;
    if (size > maxBytes) break;
  }
  return Buffer.concat(chunks);
}
