import { constants } from 'node:fs';
import { copyFile, link, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** File naming and copying of an export's output folder. */

/** A label name as a folder name: no separators, no dot-only names (the store would refuse them). */
export function safeSegment(name: string): string {
  const folded = name.normalize('NFKC');
  if (/^\.*$/.test(folded.trim())) return `_${name.replace(/\./g, '_')}`;
  // eslint-disable-next-line no-control-regex
  return /[/\\\u0000]/.test(folded) ? name.replace(/[/\\\u0000／＼]/g, '_') : name;
}

export const stemOf = (file: string) => file.replace(/\.[^.]*$/, '');
export const extOf = (file: string) => path.extname(file);

/**
 * Unique file names per folder: a sample keeps its own name unless another sample of the export already
 * took it in that folder (two folders of the source holding `1.jpg`), then its id is added.
 */
export class NameTable {
  private readonly used = new Map<string, Set<string>>();

  take(folder: string, name: string, id: string): string {
    let names = this.used.get(folder);
    if (!names) {
      names = new Set();
      this.used.set(folder, names);
    }
    let chosen = name;
    // Compared without case: the output may be copied to a case-insensitive disk.
    if (names.has(chosen.toLowerCase()) || names.has(`${stemOf(chosen)}.*`.toLowerCase())) chosen = `${stemOf(name)}-${id}${extOf(name)}`;
    names.add(chosen.toLowerCase());
    // Reserve the stem too: a sample's `.txt` / `.xml` companion must not meet another's.
    names.add(`${stemOf(chosen)}.*`.toLowerCase());
    return chosen;
  }
}

/** Hard link when source and output share a disk (instant, no space), else a copy. */
export async function placeFile(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await link(source, target);
  } catch {
    // Another disk, or a file system without hard links: copy (a missing source fails here, with its reason).
    await copyFile(source, target, constants.COPYFILE_FICLONE);
  }
}
