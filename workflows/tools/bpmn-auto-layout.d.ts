/** bpmn-auto-layout ships no types; this is the one function the layout script uses. */
declare module 'bpmn-auto-layout' {
  /** Returns the BPMN XML with freshly generated diagram interchange (DI). */
  export function layoutProcess(xml: string): Promise<string>;
}
