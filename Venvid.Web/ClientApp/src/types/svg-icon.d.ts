// `*.svg?icon` imports are turned into { viewBox, body } by build/svg-icons.ts.
declare module '*.svg?icon' {
  const icon: import('@/components/ui/icon').IconData;
  export default icon;
}
