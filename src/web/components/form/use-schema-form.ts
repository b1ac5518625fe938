import { useRef } from 'react';
import { useForm, type FieldErrors, type UseFormReturn } from 'react-hook-form';
import type * as z from 'zod/mini';
import { checkForm, type FormField, type FormValues } from './contract-check.js';

/** Where a message about the form as a whole sits among the field errors (no field has this name). */
export const FORM_LEVEL = '_form';

export interface SchemaFormOptions<T> {
  /** The shared request contract (src/contracts) the submitted body must satisfy. */
  contract: z.ZodMiniType<T>;
  fields: readonly FormField[];
  /** Pre-filled values, e.g. the BFF's suggestions or the address's filters. */
  defaultValues?: Partial<FormValues>;
  /** Body properties the user does not type (ids, flags); read at submit time, so they may change meanwhile. */
  fixed?: Record<string, unknown>;
}

export interface SchemaFormState<T> {
  form: UseFormReturn<FormValues, unknown, T>;
  fields: readonly FormField[];
  contract: z.ZodMiniType<T>;
}

/**
 * react-hook-form, checked against a shared contract: the submit handler receives the request body exactly as
 * the BFF will validate it; otherwise every field gets its message in words and the first invalid one the focus.
 */
export function useSchemaForm<T>(options: SchemaFormOptions<T>): SchemaFormState<T> {
  // The resolver is handed to the form once; it reads the latest fields and fixed values through this ref.
  const latest = useRef(options);
  latest.current = options;
  const form = useForm<FormValues, unknown, T>({
    defaultValues: { ...Object.fromEntries(options.fields.map((f) => [f.name, ''])), ...options.defaultValues } as FormValues,
    mode: 'onSubmit',
    // After a refused submit a message goes away as soon as the value is fixed.
    reValidateMode: 'onChange',
    shouldFocusError: true,
    resolver: (values) => {
      const { contract, fields, fixed } = latest.current;
      const checked = checkForm(contract, fields, values, fixed);
      if (checked.ok) return { values: checked.request, errors: {} };
      const errors = Object.fromEntries(
        Object.entries(checked.errors).map(([name, message]) => [name === '' ? FORM_LEVEL : name, { type: 'contract', message }]),
      ) as FieldErrors<FormValues>;
      return { values: {}, errors };
    },
  });
  return { form, fields: options.fields, contract: options.contract };
}
