/** Text widths in the page's fonts (the label line, and the smaller location line), for sizing the layout's boxes. */
export function textMeasurer(element: HTMLElement): (text: string, small: boolean) => number {
  const context = document.createElement('canvas').getContext('2d');
  const style = getComputedStyle(element);
  const family = style.getPropertyValue('--vscode-editor-font-family') || 'monospace';
  const size = parseFloat(style.getPropertyValue('--vscode-editor-font-size')) || 13;
  return (text, small) => {
    const px = small ? size - 2 : size;
    if (!context) return text.length * px * 0.62;
    context.font = `${small ? '' : 'bold '}${px}px ${family}`;
    return context.measureText(text).width;
  };
}
