/**
 * The data of bench/search, generated from a seed so that a run that regenerates writes the same
 * users and message bodies as the run before it: users (username, email, phone, unique as in
 * auth), a vocabulary of VOCABULARY_SIZE pseudo-words with Zipf frequencies, rooms and message
 * documents, and the query lists drawn from stored documents (middle fragments of users' fields,
 * mid/low-frequency words of messages).
 */
import { randomUUID } from 'node:crypto';
import type { MessageDocument, RoomVisibility, UserDocument } from '../../ws-consumer/search/domain/search-documents';

/** Bumped whenever what is generated changes: stored data of another version is regenerated. */
export const DATA_VERSION = 1;
export const SEED = 20_261_202;
export const VOCABULARY_SIZE = 20_000;
/** Zipf exponent of word frequencies (≈ 1 for natural text: the r-th word is used ∝ 1/r). */
export const ZIPF_EXPONENT = 1.0;
export const MESSAGE_WORDS = { min: 5, max: 30 };
/** Words of ranks below this (0-based) are the "frequent" ones; queries use ranks from here on. */
export const MID_MIN_RANK = 200;
/** The labelled worst case: single words among the most frequent FREQUENT_MAX_RANK. */
export const FREQUENT_MAX_RANK = 20;
export const ROOMS = { public: 400, private: 100, direct: 200 };
/** Share of messages by the visibility of their room (the rest: direct). */
const PUBLIC_SHARE = 0.8;
const PRIVATE_SHARE = 0.15;
const MESSAGES_START = Date.UTC(2026, 0, 1);
const MESSAGES_SPAN_MS = 365 * 86_400_000;

// ---------------------------------------------------------------------------------------------
// A seeded generator (mulberry32: fast, 32-bit state, plenty for benchmark data)

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Samples 0-based ranks of `n` items with P(r) ∝ 1/(r+1)^s (inverse CDF, binary search). */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    s: number,
  ) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) this.cdf[r] = sum += 1 / Math.pow(r + 1, s);
    for (let r = 0; r < n; r++) this.cdf[r] /= sum;
  }

  /** Probability of rank r. */
  p(r: number): number {
    return this.cdf[r] - (r === 0 ? 0 : this.cdf[r - 1]);
  }

  /** Share of all samples that fall in ranks [from, to). */
  share(from: number, to: number): number {
    return (to === 0 ? 0 : this.cdf[to - 1]) - (from === 0 ? 0 : this.cdf[from - 1]);
  }

  sample(rng: Rng): number {
    const u = rng.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: pseudo-words, the frequent ones short (as in natural language)

const ONSETS = ['', '', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'ch', 'cr', 'dr', 'fl', 'gr', 'kl', 'pr', 'sh', 'st', 'th', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ea', 'io', 'ou'];
const CODAS = ['', '', '', '', 'n', 'r', 's', 'l', 'm', 't', 'k', 'nd', 'rt', 'st', 'sh'];

export interface Vocabulary {
  /** words[r]: the word of 0-based frequency rank r. */
  words: string[];
  rankOf: Map<string, number>;
  zipf: Zipf;
}

export function makeVocabulary(): Vocabulary {
  const rng = new Rng(SEED ^ 0x5eed);
  const words: string[] = [];
  const rankOf = new Map<string, number>();
  while (words.length < VOCABULARY_SIZE) {
    const r = words.length;
    const syllables = r < 120 ? 1 : r < 1_500 ? rng.range(1, 2) + (rng.chance(0.7) ? 1 : 0) : r < 8_000 ? rng.range(2, 3) : rng.range(3, 4);
    let word = '';
    for (let i = 0; i < syllables; i++) word += rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS);
    if (word.length < 2 || rankOf.has(word)) continue;
    rankOf.set(word, r);
    words.push(word);
  }
  return { words, rankOf, zipf: new Zipf(VOCABULARY_SIZE, ZIPF_EXPONENT) };
}

// ---------------------------------------------------------------------------------------------
// Users

const FIRST = (
  'james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan joseph jessica thomas sarah charles karen ' +
  'christopher nancy daniel lisa matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle ' +
  'kenneth carol kevin amanda brian melissa george deborah timothy stephanie ronald rebecca edward sharon jason laura jeffrey cynthia ryan kathleen ' +
  'jacob amy gary angela nicholas shirley eric anna jonathan brenda stephen pamela larry emma justin nicole scott helen brandon samantha benjamin ' +
  'katherine samuel christine gregory debra alexander rachel frank carolyn patrick janet raymond catherine jack maria dennis heather jerry diane ' +
  'lukas sophie leon mia finn hannah jonas lena elias lea noah marie paul emilia luis anna felix lina ben clara maximilian ella henry ida ' +
  'mohammed fatima ahmed aisha ali zainab omar mariam yusuf noor hiroshi yuki kenji sakura wei li jing ming raj priya arjun ananya diego sofia ' +
  'mateo valentina santiago camila lucas isabella gabriel manuela pierre camille louis chloe hugo ines jules lucie olga ivan dmitri natasha'
).split(' ');
const LAST = (
  'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson ' +
  'martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores ' +
  'green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes ' +
  'stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson ' +
  'brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins ' +
  'muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf schroder neumann schwarz zimmermann braun ' +
  'kruger hartmann lange werner krause lehmann kohler maier dubois durand lefebvre moreau laurent simon michel leroy roux rossi russo ferrari ' +
  'esposito bianchi romano colombo ricci marino greco bruno gallo conti tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi wang ' +
  'zhang liu chen yang huang zhao singh kumar sharma gupta khan ivanov petrov sokolov novak kowalski nowak silva santos oliveira souza costa'
).split(' ');
const MAIL_DOMAINS: [string, number][] = [
  ['gmail.com', 35],
  ['yahoo.com', 9],
  ['outlook.com', 9],
  ['hotmail.com', 7],
  ['icloud.com', 6],
  ['gmx.de', 3],
  ['web.de', 3],
  ['proton.me', 2],
  ['aol.com', 2],
  ['mail.ru', 2],
  ['yandex.ru', 1],
  ['orange.fr', 1],
  ['libero.it', 1],
  ['qq.com', 2],
  ['163.com', 1],
];
const SEPARATORS = ['', '.', '_', '-'];
/** Country calling codes with the length of their national numbers, and a weight. */
const PHONE_PLANS: { cc: string; digits: number; weight: number }[] = [
  { cc: '1', digits: 10, weight: 30 },
  { cc: '44', digits: 10, weight: 10 },
  { cc: '49', digits: 11, weight: 10 },
  { cc: '33', digits: 9, weight: 8 },
  { cc: '34', digits: 9, weight: 5 },
  { cc: '39', digits: 10, weight: 5 },
  { cc: '31', digits: 9, weight: 3 },
  { cc: '46', digits: 9, weight: 2 },
  { cc: '91', digits: 10, weight: 12 },
  { cc: '81', digits: 10, weight: 5 },
  { cc: '55', digits: 11, weight: 6 },
  { cc: '61', digits: 9, weight: 4 },
];

function weighted<T>(rng: Rng, items: readonly T[], weight: (item: T) => number): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let u = rng.next() * total;
  for (const item of items) if ((u -= weight(item)) < 0) return item;
  return items[items.length - 1];
}

/**
 * Generates users; usernames and emails are unique among those this generator made (as auth's
 * unique indexes would have them), phones are random digits, so a 6-digit fragment is selective.
 */
export class UserGenerator {
  private readonly rng: Rng;
  private readonly usernames = new Set<string>();
  private readonly emails = new Set<string>();

  constructor(
    seed: number,
    private readonly vocabulary: Vocabulary,
  ) {
    this.rng = new Rng(seed);
  }

  make(userId: string): UserDocument {
    const rng = this.rng;
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    let username = '';
    for (let attempt = 0; username === '' || this.usernames.has(username.toLowerCase()); attempt++) {
      const extra = attempt > 0 ? rng.digits(Math.min(6, attempt + 1)) : '';
      const shape = rng.next();
      if (shape < 0.25) username = `${first}${rng.pick(SEPARATORS)}${last}${rng.chance(0.5) ? rng.digits(rng.range(1, 4)) : ''}`;
      else if (shape < 0.4) username = `${first[0]}${last}${rng.digits(rng.range(0, 3))}`;
      else if (shape < 0.55) username = `${first}${rng.digits(rng.range(2, 4))}`;
      else if (shape < 0.75) {
        const w = () => this.vocabulary.words[rng.range(100, 5_000)];
        username = `${w()}${rng.pick(SEPARATORS)}${w()}${rng.digits(rng.range(0, 3))}`;
      } else username = `${first}${rng.pick(SEPARATORS)}${last}${rng.chance(0.5) ? String(rng.range(1950, 2010)) : String(rng.range(50, 99))}`;
      username += extra;
      if (rng.chance(0.15)) username = username[0].toUpperCase() + username.slice(1);
    }
    this.usernames.add(username.toLowerCase());
    let email = '';
    for (let attempt = 0; email === '' || this.emails.has(email); attempt++) {
      const local = rng.chance(0.5) ? username.toLowerCase().replace(/-/g, '.') : `${first}${rng.pick(['.', '', '_'])}${last}${rng.chance(0.4) ? rng.digits(rng.range(1, 3)) : ''}`;
      const domain = rng.chance(0.12) ? `${this.vocabulary.words[rng.range(200, 8_000)]}.${rng.pick(['com', 'io', 'de', 'net', 'org', 'co.uk'])}` : weighted(rng, MAIL_DOMAINS, (d) => d[1])[0];
      email = `${local}${attempt > 0 ? rng.digits(attempt + 1) : ''}@${domain}`;
    }
    this.emails.add(email);
    let phone: string | null = null;
    if (rng.chance(0.85)) {
      const plan = weighted(rng, PHONE_PLANS, (p) => p.weight);
      phone = `+${plan.cc}${rng.range(1, 9)}${rng.digits(plan.digits - 1)}`;
    }
    return { userId, username, email, phone };
  }
}

/**
 * A query a user would type to find someone: a middle fragment (3-8 characters, never at the
 * start or the end) of the username (half the time), of the email's local part (0.3; a domain
 * like "gmail.com" is not what people search for) or of the phone's digits (0.2). Undefined when
 * the field is too short for a middle fragment.
 */
export function userFragment(rng: Rng, user: { username: string; email: string; phone: string | null }): string | undefined {
  const which = rng.next();
  const source = (which < 0.5 || (which >= 0.8 && !user.phone) ? user.username : which < 0.8 ? user.email.slice(0, user.email.indexOf('@')) : (user.phone ?? '').slice(1)).toLowerCase();
  const length = Math.min(rng.range(3, 8), source.length - 2);
  if (length < 3) return undefined;
  const start = rng.range(1, source.length - length - 1);
  return source.slice(start, start + length);
}

// ---------------------------------------------------------------------------------------------
// Rooms and messages

export interface Room {
  name: string;
  visibility: RoomVisibility;
}

export interface RoomSet {
  public: Room[];
  private: Room[];
  direct: Room[];
}

/** The rooms messages go to; names carry `prefix` (the sample's rooms are apart from the data's). */
export function makeRooms(prefix: string, counts: { public: number; private: number; direct: number }, users: number): RoomSet {
  const rng = new Rng(SEED ^ 0x400f);
  const direct: Room[] = [];
  for (let i = 0; i < counts.direct; i++) {
    const a = rng.range(1, Math.max(1, users));
    const b = rng.range(1, Math.max(1, users));
    direct.push({ name: `${prefix}dm:${Math.min(a, b)}:${Math.max(a, b) + (a === b ? 1 : 0)}:${i}`, visibility: 'direct' });
  }
  const pad = (i: number) => String(i).padStart(3, '0');
  return {
    public: Array.from({ length: counts.public }, (_, i) => ({ name: `${prefix}public-${pad(i)}`, visibility: 'public' as const })),
    private: Array.from({ length: counts.private }, (_, i) => ({ name: `${prefix}private-${pad(i)}`, visibility: 'private' as const })),
    direct,
  };
}

/**
 * Generates messages: rooms chosen by visibility (public 0.8, private 0.15, direct 0.05), then
 * with a Zipf (s 0.8) over the rooms of that kind (a few busy rooms, a long tail); per-room seq
 * 1, 2, 3 …; bodies of 5-30 words drawn from the vocabulary's Zipf; created_at spread over 2026.
 */
export class MessageGenerator {
  private readonly rng: Rng;
  private readonly seqs = new Map<string, number>();
  private readonly roomZipf: { public: Zipf; private: Zipf; direct: Zipf };
  private n = 0;

  constructor(
    seed: number,
    private readonly vocabulary: Vocabulary,
    private readonly rooms: RoomSet,
    private readonly users: number,
    private readonly total: number,
    private readonly startMs = MESSAGES_START,
  ) {
    this.rng = new Rng(seed);
    this.roomZipf = { public: new Zipf(rooms.public.length, 0.8), private: new Zipf(rooms.private.length, 0.8), direct: new Zipf(rooms.direct.length, 0.8) };
  }

  body(): string {
    const rng = this.rng;
    const count = rng.range(MESSAGE_WORDS.min, MESSAGE_WORDS.max);
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(this.vocabulary.words[this.vocabulary.zipf.sample(rng)]);
    const text = words.join(' ');
    return text[0].toUpperCase() + text.slice(1) + rng.pick(['.', '.', '', '?', '!']);
  }

  make(): MessageDocument {
    const rng = this.rng;
    const kind = rng.next();
    const pool = kind < PUBLIC_SHARE || (this.rooms.private.length === 0 && this.rooms.direct.length === 0) ? 'public' : kind < PUBLIC_SHARE + PRIVATE_SHARE || this.rooms.direct.length === 0 ? 'private' : 'direct';
    const room = this.rooms[pool][this.roomZipf[pool].sample(rng)];
    const seq = (this.seqs.get(room.name) ?? 0) + 1;
    this.seqs.set(room.name, seq);
    const at = this.startMs + Math.floor(((this.n++ + rng.next()) / this.total) * MESSAGES_SPAN_MS);
    return {
      messageId: randomUUID(),
      room: room.name,
      seq,
      senderId: String(rng.range(1, Math.max(1, this.users))),
      body: this.body(),
      createdAt: new Date(at),
      visibility: room.visibility,
    };
  }
}

/** The lower-cased words of a body, as PostgreSQL's 'simple' parser splits them (letters only here). */
export function bodyWords(body: string): string[] {
  return body.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 0);
}

/**
 * A message query from a stored body: 1 word (half the time) or 2 distinct words of that body,
 * among its words of rank ≥ MID_MIN_RANK (mid/low frequency); undefined when it has too few.
 */
export function messageQuery(rng: Rng, body: string, vocabulary: Vocabulary): string | undefined {
  const candidates = [...new Set(bodyWords(body).filter((w) => (vocabulary.rankOf.get(w) ?? -1) >= MID_MIN_RANK))];
  if (candidates.length === 0) return undefined;
  rng.shuffle(candidates);
  return rng.chance(0.5) || candidates.length < 2 ? candidates[0] : `${candidates[0]} ${candidates[1]}`;
}

/** Expected share of messages that contain the word of 0-based rank r (mean body length). */
export function documentShare(vocabulary: Vocabulary, r: number): number {
  const meanWords = (MESSAGE_WORDS.min + MESSAGE_WORDS.max) / 2;
  return 1 - Math.pow(1 - vocabulary.zipf.p(r), meanWords);
}
