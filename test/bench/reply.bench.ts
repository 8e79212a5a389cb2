/**
 * Reply parsing is linear in the message size, adversarial bodies included
 * (DESIGN §9, issue 8). Each crafted body is sent through the whole inbound
 * parse (postal-mime, then htmlToText/stripQuoted) at 10 KB, 100 KB and 1 MB,
 * and the time per KB is compared: linear work keeps it flat (ratio ≈ 1; below
 * 1 where only the first 64 KB of text is read), quadratic work would multiply
 * it by 100 from 10 KB to 1 MB. The 723-byte "On Mon wrote:" message that used
 * to freeze the service is timed on its own.
 */
import { MIME_LIMITS, parseInboundMessage, UnparseableMessage } from '../../functions/adapters/email/parse-message';
import { STRIP_MAX_CHARS, stripQuoted } from '../../functions/domain/reply/strip-quoted';

const KB = 1024;
const SIZES = [10 * KB, 100 * KB, 1024 * KB];

const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

/** Adversarial bodies, each filled up to about `bytes`. */
const BODIES: { name: string; html?: boolean; body: (bytes: number) => string }[] = [
  { name: 'date-less attributions', body: (b) => fill('On Mon wrote:\n', b) },
  { name: 'dated attributions, wrapped', body: (b) => fill('On Mon 1\nDec wrote:\n', b) },
  { name: 'bare attributions + blank lines', body: (b) => fill(`Grace wrote:${'\n'.repeat(50)}`, b) },
  { name: '"From:" + many blank lines', body: (b) => fill(`From: x${'\n'.repeat(200)}`, b) },
  { name: 'deep quote nesting', body: (b) => fill(`${'>'.repeat(200)} x\n`, b) },
  { name: 'all ">"', body: (b) => fill('>', b) },
  { name: 'one long line', body: (b) => `On 1 ${fill('Mon ', b)}wrote:` },
  { name: 'HTML: nested divs', html: true, body: (b) => fill('<div>x', b) },
  { name: 'HTML: bare "<"', html: true, body: (b) => fill('<', b) },
];

const mime = (body: string, html = false) =>
  Buffer.from(
    [
      'From: ada@example.com',
      'To: reply+p-01m8gqn7kxfq0z5eqm7jrgq9t2-0123456789abcdef@reply.example.org',
      'Subject: Re: hello',
      'Message-ID: <bench@mail.example>',
      `Content-Type: text/${html ? 'html' : 'plain'}; charset=utf-8`,
      'Content-Transfer-Encoding: 8bit',
      '',
      body.replace(/\n/g, '\r\n'),
      '',
    ].join('\r\n'),
  );

/** Median of `runs` timings, in ms. */
async function time(run: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const pad = (s: string, n: number) => s.padEnd(n);
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;

export async function bench(): Promise<string[]> {
  const lines = [
    `inbound parse (postal-mime + strip), time per KB of message; ratio = per-KB at 1 MB / per-KB at 10 KB (linear ≈ 1, quadratic ≈ 100); stripQuoted reads the first ${STRIP_MAX_CHARS / KB} KB`,
    `${pad('body', 34)}${SIZES.map((s) => pad(s >= 1024 * KB ? '1 MB' : `${s / KB} KB`, 22)).join('')}ratio`,
  ];
  // Warm every code path (JIT, regex compilation) first, so the 10 KB column does not carry start-up costs.
  for (let i = 0; i < 5; i++) for (const { html, body } of BODIES) await parseInboundMessage(mime(body(10 * KB), html));
  let worstRatio = 0;
  for (const { name, html, body } of BODIES) {
    const perKb: number[] = [];
    const cells: string[] = [];
    for (const size of SIZES) {
      const raw = mime(body(size), html);
      // Over the line limit, the message is refused before parsing: that refusal is what is timed.
      const parse = () => parseInboundMessage(raw).catch((error: unknown) => (error instanceof UnparseableMessage ? undefined : Promise.reject(error)));
      const refused = await parseInboundMessage(raw).then(
        () => false,
        (error: unknown) => error instanceof UnparseableMessage,
      );
      const ms = await time(parse, size >= 1024 * KB ? 3 : 7);
      perKb.push(ms / (raw.length / KB));
      cells.push(pad(`${ms.toFixed(1)} ms (${us(perKb.at(-1)!)}/KB)${refused ? ' R' : ''}`, 22));
    }
    const ratio = perKb.at(-1)! / perKb[0]!;
    worstRatio = Math.max(worstRatio, ratio);
    lines.push(`${pad(name, 34)}${cells.join('')}${ratio.toFixed(2)}`);
  }
  lines.push(`worst ratio ${worstRatio.toFixed(2)} (linear: ≈ 1 or less); R: refused unparsed, over ${MIME_LIMITS.maxLines} lines`);

  // stripQuoted alone inside its 64 KB window, where nothing is cut: per-KB stays flat too.
  const window = [8 * KB, 32 * KB, 64 * KB];
  const strip: number[] = [];
  for (const size of window) strip.push((await time(() => stripQuoted(fill('On Mon wrote:\n', size)), 25)) / (size / KB));
  lines.push(
    `stripQuoted, date-less attributions, per KB at ${window.map((s) => `${s / KB} KB`).join(' / ')}: ${strip.map(us).join(' / ')} (ratio ${(strip.at(-1)! / strip[0]!).toFixed(2)})`,
  );

  const frozen = mime(Array.from({ length: 40 }, () => 'On Mon wrote:').join('\n'));
  lines.push(
    `the ${frozen.length}-byte message of 40 × "On Mon wrote:" (before: never finished): ${(await time(() => parseInboundMessage(frozen), 21)).toFixed(2)} ms`,
  );
  return lines;
}
