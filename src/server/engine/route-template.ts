// The path template of an engine REST call (`/process-instance/{id}/variables/{id}`), for metrics labels: one
// series per kind of call, never one per instance, incident or variable. Segments the adapter writes as
// literals are kept; every other segment is an id, a key or a name the call was made for. Unknown words
// become `{id}` too, so a new call can never blow up the number of series; it shows as a template to extend.
const ENGINE_PATH_WORDS = new Set([
  'activity-instance', 'activity-instances', 'annotation', 'count', 'deployment', 'errorDetails', 'external-task', 'history',
  'incident', 'job', 'job-definition', 'key', 'message', 'process-definition', 'process-instance', 'retries', 'stacktrace',
  'suspended', 'user-operation', 'variable-instance', 'variables', 'version', 'xml',
]);

export function engineRouteOf(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare
    .split('/')
    .map((segment) => (segment === '' || ENGINE_PATH_WORDS.has(segment) ? segment : '{id}'))
    .join('/');
}
