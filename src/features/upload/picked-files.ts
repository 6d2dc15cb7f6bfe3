/** A file the user dropped or picked, with its path relative to what they chose (`photos/cats/1.jpg`). */
export interface PickedFile {
  file: File;
  path: string;
}

/** Files of an `<input type=file>` (with `webkitdirectory`, `webkitRelativePath` keeps the folders). */
export function filesFromInput(list: FileList | readonly File[]): PickedFile[] {
  return Array.from(list, (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

const readEntries = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

const entryFile = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Every file below an entry; a folder's path prefix is kept. */
async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]) {
  const path = `${prefix}${entry.name}`;
  if (entry.isFile) {
    out.push({ file: await entryFile(entry as FileSystemFileEntry), path });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (Chromium: 100 at a time) until it returns an empty one.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, `${path}/`, out);
  }
}

/**
 * Files of a drop, walking dropped folders through `webkitGetAsEntry()`. The entries are taken while the
 * drop event runs (the DataTransfer is emptied afterwards); only the reading is asynchronous.
 */
export function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const items = Array.from(data.items ?? []).filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) return Promise.resolve(filesFromInput(data.files));
  return (async () => {
    const out: PickedFile[] = [];
    for (const entry of entries) await walk(entry!, '', out);
    return out;
  })();
}
