/** The tables that grow with the cases: none of them may be read front to back by a view (or an alert rule). */
export const BIG_TABLES = ['fallout_case', 'process_instance', 'case_incident'];
