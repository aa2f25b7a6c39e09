/** The parts of an OpenAPI 3.0 document these checks read. */
export interface SchemaObject {
  $ref?: string;
  example?: unknown;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  additionalProperties?: boolean | SchemaObject;
  allOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}

interface MediaType {
  schema?: SchemaObject;
  example?: unknown;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: SchemaObject;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/**
 * Where Swagger UI's example would show a placeholder ("string", 0) instead of a real value:
 * the leaves (strings, numbers, free-form objects) that neither have an example of their own nor
 * sit inside one. Enums and booleans show a real value anyway. Empty when the example is whole.
 */
export function missingExamples(doc: OpenApiDocument, schema: SchemaObject, where: string, depth = 0): string[] {
  if (depth > 12) return [];
  const next = (child: SchemaObject, at: string) => missingExamples(doc, child, at, depth + 1);
  if (schema.$ref) return next(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] ?? {}, where);
  if (schema.example !== undefined || schema.enum || schema.type === 'boolean') return [];
  if (schema.allOf) return schema.allOf.flatMap((part) => next(part, where));
  const alternatives = schema.anyOf ?? schema.oneOf;
  // Swagger UI shows the first alternative.
  if (alternatives) return next(alternatives[0], where);
  if (schema.properties) return Object.entries(schema.properties).flatMap(([name, child]) => next(child, `${where}.${name}`));
  if (schema.type === 'array' && schema.items) return next(schema.items, `${where}[]`);
  return [where];
}

/** The media types of one request or answer that give no whole example (listed as `type: leaf`). */
export function contentWithoutExample(doc: OpenApiDocument, content: Record<string, MediaType>, where: string): string[] {
  return Object.entries(content).flatMap(([type, media]) => {
    if (media.example !== undefined) return [];
    return media.schema ? missingExamples(doc, media.schema, `${where} ${type}`) : [`${where} ${type}`];
  });
}

/** Required parameters (the path's) without an example, which Swagger UI's "Try it out" would leave empty. */
export function parametersWithoutExample(doc: OpenApiDocument, parameters: Parameter[] | undefined, where: string): string[] {
  return (parameters ?? [])
    .filter((parameter) => parameter.required && parameter.example === undefined)
    .flatMap((parameter) => missingExamples(doc, parameter.schema ?? {}, `${where} ${parameter.in} ${parameter.name}`));
}
