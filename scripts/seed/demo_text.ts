import { FORMATS, GENRES } from "../../src/lib/enums.ts";

/** A tiny deterministic generator (mulberry32) so every seed run builds the same catalogue. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return {
    next,
    pick,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
  };
}

export type Random = ReturnType<typeof createRandom>;

const ADJECTIVES = [
  "Silent",
  "Broken",
  "Golden",
  "Last",
  "Hidden",
  "Electric",
  "Midnight",
  "Wild",
  "Forgotten",
  "Burning",
  "Glass",
  "Northern",
  "Paper",
  "Crimson",
  "Hollow",
  "Neon",
];
const NOUNS = [
  "Harbor",
  "Signal",
  "Orchard",
  "Kingdom",
  "Heist",
  "Frontier",
  "Echo",
  "Lighthouse",
  "Circuit",
  "Garden",
  "Empire",
  "Archive",
  "River",
  "Summit",
  "Carnival",
  "Station",
];
const HEROES = [
  "a retired safecracker",
  "a teenage hacker",
  "an estranged sister",
  "a small-town sheriff",
  "a burned-out chef",
  "a disgraced astronaut",
  "a young widow",
  "a jazz pianist",
  "an ambitious intern",
  "a village midwife",
  "a rookie detective",
  "a grieving robot",
];
const GOALS = [
  "pull off one last heist",
  "save the family vineyard",
  "expose a corrupt mayor",
  "find a missing twin",
  "win the national baking final",
  "return home from Mars",
  "break a century-old curse",
  "rebuild a flooded city",
  "reunite a scattered band",
  "outwit a rogue AI",
];
const TWISTS = [
  "before the storm hits",
  "while hiding a dangerous secret",
  "with only a week to live",
  "against the wishes of the whole town",
  "as a war closes in",
  "while falling for the enemy",
  "on live television",
  "without anyone noticing",
];
const SETTINGS = [
  "in 1970s Lagos",
  "on a generation ship",
  "in a flooded Venice",
  "across the Scottish Highlands",
  "in a Tokyo night market",
  "in a dying mining town",
  "inside a luxury train",
  "in near-future Nairobi",
  "on a remote research station",
  "in Prohibition-era Chicago",
];
export const TAGS = [
  "indie",
  "true story",
  "female lead",
  "ensemble",
  "low budget",
  "festival",
  "period",
  "coming of age",
  "noir",
  "family",
  "music",
  "sports",
  "ai",
  "climate",
  "heist",
  "road movie",
  "satire",
  "faith",
  "lgbtq",
  "war",
];

export function demoPitch(random: Random) {
  const title = `The ${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
  const logline = `${capitalise(random.pick(HEROES))} must ${random.pick(GOALS)} ${
    random.pick(TWISTS)
  }.`;
  const paragraphs = Array.from(
    { length: random.int(2, 5) },
    () =>
      `Set ${random.pick(SETTINGS)}, ${random.pick(HEROES)} tries to ${random.pick(GOALS)} ${
        random.pick(TWISTS)
      }. Along the way ${random.pick(HEROES)} learns what the ${
        random.pick(NOUNS).toLowerCase()
      } really means.`,
  );
  const tags = [...new Set(Array.from({ length: random.int(1, 4) }, () => random.pick(TAGS)))];
  return {
    title,
    logline,
    synopsis: paragraphs.join("\n\n"),
    genre: random.pick(GENRES),
    format: random.pick(FORMATS),
    tags,
  };
}

const FIRST = [
  "Ada",
  "Bola",
  "Chen",
  "Dara",
  "Eli",
  "Farah",
  "Gus",
  "Hana",
  "Ivo",
  "Jun",
  "Kemi",
  "Luca",
  "Maya",
  "Noor",
  "Omar",
  "Pia",
  "Quinn",
  "Rafa",
  "Sade",
  "Tomas",
];
const LAST = [
  "Okafor",
  "Lindqvist",
  "Moreau",
  "Tanaka",
  "Reyes",
  "Haddad",
  "Novak",
  "Mensah",
  "Costa",
  "Kowalski",
  "Iyer",
  "Brennan",
];

export function demoName(random: Random): string {
  return `${random.pick(FIRST)} ${random.pick(LAST)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
