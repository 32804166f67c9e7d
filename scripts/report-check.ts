#!/usr/bin/env node
// `npm run report:check [-- FILE]`: checks reports/README.md against the DTU MLOps course checker's
// limits (words = split on whitespace, as the course's report.py counts them; images embedded as
// `![..](figures/..)`, png/jpg only, and the files must exist). Exit 0 when every answer fits.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Inclusive bounds; `undefined` means "no limit on this". */
export interface QuestionLimits {
  words?: readonly [number, number];
  images?: readonly [number, number];
}

const w = (min: number, max: number): QuestionLimits => ({ words: [min, max] });

/** The limits of each question (1-based), as issue 8 lists them. Q1 and Q2 have none. */
export const QUESTION_LIMITS: Readonly<Record<number, QuestionLimits>> = {
  1: {},
  2: {},
  3: w(0, 200),
  4: w(100, 200),
  5: w(100, 200),
  6: w(100, 200),
  7: w(50, 100),
  8: w(100, 200),
  9: w(100, 200),
  10: w(100, 200),
  11: w(200, 300),
  12: w(50, 100),
  13: w(100, 200),
  14: { words: [200, 300], images: [1, 3] },
  15: w(100, 200),
  16: w(100, 200),
  17: w(50, 200),
  18: w(100, 200),
  19: { images: [1, 2] },
  20: { images: [1, 2] },
  21: { images: [1, 2] },
  22: w(100, 200),
  23: w(100, 200),
  24: w(100, 200),
  25: w(100, 200),
  26: w(100, 200),
  27: w(100, 200),
  28: w(0, 200),
  29: { words: [200, 400], images: [1, 1] },
  30: w(200, 400),
  31: w(50, 300),
};

export const QUESTION_COUNT = 31;
export const CHECKLIST_SECTIONS = ['Week 1', 'Week 2', 'Week 3', 'Extra'] as const;

export interface ReportAnswer {
  question: number;
  answer: string;
  words: number;
  images: string[];
}

export interface QuestionResult extends ReportAnswer {
  limits: QuestionLimits;
  problems: string[];
}

export interface ReportCheckResult {
  ok: boolean;
  /** Problems with the report as a whole (missing sections, questions out of order). */
  problems: string[];
  questions: QuestionResult[];
}

const IMAGE = /!\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const PLACEHOLDER = /---\s*question\s+\d+\s+fill here\s*---/i;

/** Words as the course's checker counts them: whitespace-separated tokens. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => token.length > 0).length;
}

/** The targets of every `![alt](target)` in the text, in order. */
export function findImages(text: string): string[] {
  return [...text.matchAll(IMAGE)].map((m) => m[1] ?? '');
}

/**
 * Splits the report into answers: the text after a question's `> Answer:` line up to the next
 * heading (`#`, `##` or `###`), trimmed. A question without an `Answer:` line gets an empty answer.
 */
export function parseReport(markdown: string): ReportAnswer[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const answers: ReportAnswer[] = [];
  let current: { question: number; collecting: boolean; body: string[] } | undefined;
  let inFence = false;
  const flush = () => {
    if (!current) return;
    const answer = current.body.join('\n').trim();
    answers.push({ question: current.question, answer, words: countWords(answer), images: findImages(answer) });
  };
  for (const line of lines) {
    // CommonMark fences: an opening fence's info string has no backticks (so "```x```" is inline code).
    if (inFence ? /^ {0,3}(`{3,}|~{3,})\s*$/.test(line) : /^ {0,3}(`{3,}[^`]*|~{3,}.*)$/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const number = /^Question\s+(\d+)\s*$/.exec(heading[2]?.trim() ?? '');
      current = number ? { question: Number(number[1]), collecting: false, body: [] } : undefined;
      continue;
    }
    if (!current) continue;
    if (!current.collecting) {
      if (/^>\s*Answer:\s*$/.test(line)) current.collecting = true;
      continue;
    }
    current.body.push(line);
  }
  flush();
  return answers;
}

function checkRange(label: string, value: number, range: readonly [number, number] | undefined): string[] {
  if (!range) return [];
  const [min, max] = range;
  if (value >= min && value <= max) return [];
  const want = min === max ? `exactly ${min}` : `${min}-${max}`;
  return [`${value} ${label}, expected ${want}`];
}

function checkImage(target: string, reportDir: string): string[] {
  if (!/^figures\/[^/].*$/.test(target)) return [`image '${target}' must be under figures/`];
  if (!/\.(png|jpe?g)$/i.test(target)) return [`image '${target}' must be .png or .jpg`];
  if (!existsSync(path.join(reportDir, target))) return [`image '${target}' does not exist`];
  return [];
}

/** Checks a report's text; `reportDir` is the folder image paths are relative to. */
export function checkReport(markdown: string, reportDir: string): ReportCheckResult {
  const problems: string[] = [];
  for (const section of CHECKLIST_SECTIONS) {
    if (!new RegExp(`^###\\s+${section}\\s*$`, 'm').test(markdown)) {
      problems.push(`checklist section '### ${section}' is missing`);
    }
  }
  const answers = parseReport(markdown);
  const numbers = answers.map((a) => a.question);
  const expected = Array.from({ length: QUESTION_COUNT }, (_, i) => i + 1);
  if (numbers.join(',') !== expected.join(',')) {
    problems.push(`expected questions 1-${QUESTION_COUNT} in order, found [${numbers.join(', ')}]`);
  }
  const questions = answers.map((a): QuestionResult => {
    const limits = QUESTION_LIMITS[a.question] ?? {};
    const own: string[] = [];
    if (PLACEHOLDER.test(a.answer)) own.push('still has the template placeholder');
    if (a.question >= 3 && a.answer.length === 0) own.push('no answer');
    own.push(...checkRange('words', a.words, limits.words));
    own.push(...checkRange('images', a.images.length, limits.images));
    for (const image of a.images) own.push(...checkImage(image, reportDir));
    return { ...a, limits, problems: own };
  });
  const ok = problems.length === 0 && questions.every((q) => q.problems.length === 0);
  return { ok, problems, questions };
}

function describeLimits(limits: QuestionLimits): string {
  const parts: string[] = [];
  const range = ([min, max]: readonly [number, number]) => (min === max ? `${min}` : `${min}-${max}`);
  if (limits.words) parts.push(`${range(limits.words)} words`);
  if (limits.images) parts.push(`${range(limits.images)} images`);
  return parts.join(', ') || 'no limit';
}

/** A plain-text table of the result, one line per question. */
export function formatReportCheck(result: ReportCheckResult): string {
  const rows = result.questions.map((q) => {
    const status = q.problems.length === 0 ? 'ok' : `FAIL: ${q.problems.join('; ')}`;
    return `Q${String(q.question).padEnd(3)} ${String(q.words).padStart(4)} words ${q.images.length} img  (${describeLimits(q.limits)})  ${status}`;
  });
  const failed = result.questions.filter((q) => q.problems.length > 0).length + result.problems.length;
  const summary = result.ok
    ? `report OK: ${result.questions.length} questions`
    : `report check failed: ${failed} problem(s)`;
  return [...result.problems.map((p) => `FAIL: ${p}`), ...rows, summary].join('\n');
}

function main(argv: string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.resolve(argv[0] ?? path.join(root, 'reports', 'README.md'));
  if (!existsSync(file)) {
    console.error(`report-check: ${file} does not exist`);
    return 2;
  }
  const result = checkReport(readFileSync(file, 'utf8'), path.dirname(file));
  const text = formatReportCheck(result);
  if (result.ok) console.log(text);
  else console.error(text);
  return result.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
