// The metrics label of an engine call: the path the adapter wrote, ids and names replaced, query dropped.
import { describe, expect, it } from 'vitest';
import { engineRouteOf } from './route-template.js';

describe('engineRouteOf', () => {
  it.each([
    ['/version', '/version'],
    ['/incident/count', '/incident/count'],
    ['/history/process-instance?firstResult=0&maxResults=17', '/history/process-instance'],
    ['/history/process-instance/7f3c2a9e-1b2c-11f0-9c1a-0242ac120002', '/history/process-instance/{id}'],
    ['/process-instance/7f3c2a9e/variables/reservationId', '/process-instance/{id}/variables/{id}'],
    ['/process-instance/7f3c2a9e/variables', '/process-instance/{id}/variables'],
    ['/process-instance/7f3c2a9e/activity-instances', '/process-instance/{id}/activity-instances'],
    ['/process-definition/key/order-orchestration', '/process-definition/key/{id}'],
    ['/process-definition/order-orchestration%3A3%3Aabc/xml', '/process-definition/{id}/xml'],
    ['/external-task/task-1/errorDetails', '/external-task/{id}/errorDetails'],
    ['/job/job-9/retries', '/job/{id}/retries'],
    ['/job-definition/jd-1/suspended', '/job-definition/{id}/suspended'],
    ['/incident/inc-1/annotation', '/incident/{id}/annotation'],
  ])('%s → %s', (path, template) => {
    expect(engineRouteOf(path)).toBe(template);
  });

  it('turns words it does not know into {id}, so a new call cannot multiply the series', () => {
    expect(engineRouteOf('/brand-new-resource/ORD-100928')).toBe('/{id}/{id}');
  });
});
