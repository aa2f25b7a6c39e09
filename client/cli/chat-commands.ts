// What a line typed into the chat CLI means: a command, or a message to the current room.

export type Command =
  | { kind: 'say'; text: string }
  | { kind: 'join'; room: string }
  | { kind: 'leave' }
  | { kind: 'rooms' }
  | { kind: 'history'; count: number }
  | { kind: 'dm'; username: string; text?: string }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'invalid'; reason: string };

export const HELP = [
  'type a line to send it to the current room, or:',
  '  /join <room>            join a room (and show its latest messages)',
  '  /leave                  leave the current room',
  '  /rooms                  the rooms you can read',
  '  /history [n]            n older messages of the current room (default 20)',
  '  /dm <username> [text]   a direct message; without text, switch to that conversation',
  '  /help, /quit',
].join('\n');

/** Parses one input line; never throws (a typo is an `invalid` command with a reason). */
export function parseLine(line: string): Command | undefined {
  const text = line.trim();
  if (!text) return undefined;
  if (!text.startsWith('/')) return { kind: 'say', text };
  const [name, ...rest] = text.slice(1).split(/\s+/);
  switch (name) {
    case 'join':
      return rest[0] ? { kind: 'join', room: rest[0] } : { kind: 'invalid', reason: 'usage: /join <room>' };
    case 'leave':
      return { kind: 'leave' };
    case 'rooms':
      return { kind: 'rooms' };
    case 'history': {
      const count = rest[0] === undefined ? 20 : Number(rest[0]);
      return Number.isInteger(count) && count > 0 && count <= 200 ? { kind: 'history', count } : { kind: 'invalid', reason: 'usage: /history [1-200]' };
    }
    case 'dm':
      return rest[0] ? { kind: 'dm', username: rest[0], text: rest.slice(1).join(' ') || undefined } : { kind: 'invalid', reason: 'usage: /dm <username> [text]' };
    case 'help':
      return { kind: 'help' };
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    default:
      return { kind: 'invalid', reason: `unknown command /${name} (try /help)` };
  }
}
