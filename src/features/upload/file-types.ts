/** Image types an image dataset takes (what the engine's import recognises as samples). */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'bmp', 'webp'] as const;

const extension = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** Whether a file is an image to upload; hidden files (`.DS_Store`, `._x.jpg`) never are. */
export function isUploadableImage(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return !name.startsWith('.') && (IMAGE_EXTENSIONS as readonly string[]).includes(extension(name));
}

/** The `accept` attribute of the file picker. */
export const IMAGE_ACCEPT = IMAGE_EXTENSIONS.map((e) => `.${e}`).join(',');
