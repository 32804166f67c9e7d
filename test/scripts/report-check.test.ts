import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHECKLIST_SECTIONS,
  checkReport,
  countWords,
  findImages,
  formatReportCheck,
  parseReport,
  QUESTION_LIMITS,
} from '../../scripts/report-check.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const script = path.join(root, 'scripts', 'report-check.ts');

function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
}

/** An answer that sits at the lower bound of each question's limits. */
function minimalAnswer(question: number): string {
  const limits = QUESTION_LIMITS[question] ?? {};
  const images = Array.from({ length: limits.images?.[0] ?? 0 }, () => '![diagram](figures/architecture.png)');
  const wordsNeeded = Math.max(1, (limits.words?.[0] ?? 1) - images.length);
  return [words(wordsNeeded), ...images].join('\n');
}

function buildReport(answers: (question: number) => string, sections = CHECKLIST_SECTIONS): string {
  const checklist = sections.map((s) => `### ${s}\n\n* [x] something (M1)\n`).join('\n');
  const questions = Array.from({ length: 31 }, (_, i) => i + 1)
    .map((n) => `### Question ${n}\n\n> **Prompt ${n}?**\n>\n> Answer:\n\n${answers(n)}\n`)
    .join('\n');
  return `# Report\n\n## Overall project checklist\n\n${checklist}\n## Questions\n\n${questions}`;
}

describe('report-check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-report-'));
    mkdirSync(path.join(dir, 'figures'));
    // A real PNG signature is enough: the checker only requires the file to exist.
    writeFileSync(path.join(dir, 'figures', 'architecture.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts words by splitting on any whitespace, like the course checker', () => {
    expect(countWords('  one\ttwo\n\nthree  ')).toBe(3);
    expect(countWords('')).toBe(0);
    expect(countWords('`npm ci` && npm test')).toBe(5);
  });

  it('finds image targets, ignoring plain links', () => {
    expect(findImages('see ![a](figures/a.png) and [b](figures/b.png) ![c](figures/c.jpg "title")')).toEqual([
      'figures/a.png',
      'figures/c.jpg',
    ]);
  });

  it('takes the text between "> Answer:" and the next heading as the answer', () => {
    const answers = parseReport(
      '### Question 1\n> **Q?**\n>\n> Answer:\n\nforty two\n\n## Section\n\n### Question 2\n> Answer:\nx y z\n',
    );
    expect(answers).toEqual([
      { question: 1, answer: 'forty two', words: 2, images: [] },
      { question: 2, answer: 'x y z', words: 3, images: [] },
    ]);
  });

  it('does not treat a heading inside a fenced code block as the end of an answer', () => {
    const [answer] = parseReport('### Question 3\n> Answer:\n\n```sh\n# a comment\nnpm test\n```\nafter\n');
    expect(answer?.answer).toBe('```sh\n# a comment\nnpm test\n```\nafter');
  });

  it('accepts a report whose answers sit exactly on the lower bounds', () => {
    const result = checkReport(buildReport(minimalAnswer), dir);
    expect(result.problems).toEqual([]);
    expect(result.questions.filter((q) => q.problems.length > 0)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(formatReportCheck(result)).toMatch(/report OK: 31 questions$/);
  });

  it('rejects one word too few and one word too many', () => {
    const tooShort = checkReport(
      buildReport((n) => (n === 7 ? words(49) : minimalAnswer(n))),
      dir,
    );
    expect(tooShort.ok).toBe(false);
    expect(tooShort.questions[6]?.problems).toEqual(['49 words, expected 50-100']);
    const tooLong = checkReport(
      buildReport((n) => (n === 11 ? words(301) : minimalAnswer(n))),
      dir,
    );
    expect(tooLong.questions[10]?.problems).toEqual(['301 words, expected 200-300']);
    const atMax = checkReport(
      buildReport((n) => (n === 11 ? words(300) : minimalAnswer(n))),
      dir,
    );
    expect(atMax.ok).toBe(true);
  });

  it('requires exactly one image in question 29 and 1-2 in questions 19-21', () => {
    const twoImages = (n: number) =>
      n === 29 ? `${words(200)}\n![a](figures/architecture.png)\n![b](figures/architecture.png)` : minimalAnswer(n);
    expect(checkReport(buildReport(twoImages), dir).questions[28]?.problems).toEqual(['2 images, expected exactly 1']);
    const none = checkReport(
      buildReport((n) => (n === 20 ? 'no screenshot' : minimalAnswer(n))),
      dir,
    );
    expect(none.questions[19]?.problems).toEqual(['0 images, expected 1-2']);
  });

  it('rejects images that are missing, outside figures/, or not png/jpg', () => {
    const bad = (target: string) => (n: number) => (n === 19 ? `![x](${target})` : minimalAnswer(n));
    expect(checkReport(buildReport(bad('figures/nope.png')), dir).questions[18]?.problems).toEqual([
      "image 'figures/nope.png' does not exist",
    ]);
    expect(checkReport(buildReport(bad('../secret.png')), dir).questions[18]?.problems).toEqual([
      "image '../secret.png' must be under figures/",
    ]);
    writeFileSync(path.join(dir, 'figures', 'chart.svg'), '<svg/>');
    expect(checkReport(buildReport(bad('figures/chart.svg')), dir).questions[18]?.problems).toEqual([
      "image 'figures/chart.svg' must be .png or .jpg",
    ]);
  });

  it('flags unfilled template placeholders, missing checklist sections and missing questions', () => {
    const placeholder = checkReport(
      buildReport((n) => (n === 1 ? '--- question 1 fill here ---' : minimalAnswer(n))),
      dir,
    );
    expect(placeholder.questions[0]?.problems).toEqual(['still has the template placeholder']);
    const noWeek3 = checkReport(
      buildReport(minimalAnswer, ['Week 1', 'Week 2', 'Extra'] as unknown as typeof CHECKLIST_SECTIONS),
      dir,
    );
    expect(noWeek3.problems).toEqual(["checklist section '### Week 3' is missing"]);
    const dropped = buildReport(minimalAnswer).replace('### Question 12\n', '### Note\n');
    const result = checkReport(dropped, dir);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/^expected questions 1-31 in order, found \[1, 2, .*11, 13,/);
  });

  it('the committed reports/README.md keeps the template structure: checklist sections and 31 questions', () => {
    const reportDir = path.join(root, 'reports');
    const result = checkReport(readFileSync(path.join(reportDir, 'README.md'), 'utf8'), reportDir);
    expect(result.problems).toEqual([]);
    expect(result.questions.map((q) => q.question)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });

  it('runs as a script: exit 0 on a good report, 1 with the reasons on a bad one, 2 without a file', () => {
    const file = path.join(dir, 'README.md');
    writeFileSync(file, buildReport(minimalAnswer));
    expect(execFileSync(process.execPath, [script, file], { encoding: 'utf8' })).toMatch(/report OK/);
    writeFileSync(
      file,
      buildReport((n) => (n === 30 ? words(401) : minimalAnswer(n))),
    );
    const bad = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Q30 +401 words .*FAIL: 401 words, expected 200-400/);
    const missing = spawnSync(process.execPath, [script, path.join(dir, 'absent.md')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
  });
});
