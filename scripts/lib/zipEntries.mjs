// Lists the entries of a zip file (a .vsix) with yauzl (the zip reader vsce itself uses), without unpacking it.
import yauzl from 'yauzl';

/** Names and uncompressed sizes of every entry in the zip at `file`. */
export function zipEntries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error) {
        reject(
          new Error(`${file} is not a readable zip file (${error.message}); package it again with npm run package.`),
        );
        return;
      }
      const entries = [];
      zip.on('entry', (entry) => {
        entries.push({ name: entry.fileName, size: entry.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
