import { useEffect, useState } from 'react';

type State = { src?: string; attempt?: number; image?: HTMLImageElement; failed?: boolean };

/**
 * Loads an image for the canvas; a new `attempt` number retries after a failure. The browser keeps the decoded original, so an image prefetched with
 * `preloadImage` under the same URL appears at once.
 */
export function useLoadedImage(src: string | undefined, attempt = 0) {
  const [state, setState] = useState<State>({});
  useEffect(() => {
    if (!src) return;
    const img = new Image();
    img.decoding = 'async';
    img.onload = () => setState({ src, attempt, image: img });
    img.onerror = () => setState({ src, attempt, failed: true });
    img.src = src;
    return () => {
      img.onload = null;
      img.onerror = null;
    };
  }, [src, attempt]);
  return state.src === src && state.attempt === attempt ? state : { src };
}

const preloaded = new Map<string, HTMLImageElement>();
/** Starts loading an image the user is likely to open next; a few are kept referenced until they load. */
export function preloadImage(src: string) {
  if (preloaded.has(src)) return;
  if (preloaded.size >= 4) preloaded.delete(preloaded.keys().next().value as string);
  const img = new Image();
  img.decoding = 'async';
  img.src = src;
  preloaded.set(src, img);
}
