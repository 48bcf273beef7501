/** Saves text as a file through an object URL: nothing leaves the browser, and no server route is needed. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the download has started by then, and the blob leaves memory.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
