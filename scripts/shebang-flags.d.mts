export function shebangFlags(file: string): string[];
