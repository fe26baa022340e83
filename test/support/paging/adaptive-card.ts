// A JSON Schema for the part of Adaptive Cards 1.2 that the incident action generates (TextBlock,
// FactSet, Action.OpenUrl), written from adaptivecards.io's schema explorer: no schema package is
// installed here, and Teams' own validation is invisible (it answers 202 and drops a bad card).
const textBlock = {
  type: 'object',
  required: ['type', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'TextBlock' },
    text: { type: 'string', minLength: 1 },
    color: { enum: ['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'] },
    size: {
      enum: ['default', 'small', 'medium', 'large', 'extraLarge', 'Default', 'Small', 'Medium', 'Large', 'ExtraLarge'],
    },
    weight: { enum: ['default', 'lighter', 'bolder', 'Default', 'Lighter', 'Bolder'] },
    wrap: { type: 'boolean' },
    isSubtle: { type: 'boolean' },
    maxLines: { type: 'integer', minimum: 1 },
    spacing: { enum: ['none', 'small', 'default', 'medium', 'large', 'extraLarge', 'padding'] },
    separator: { type: 'boolean' },
  },
};

const factSet = {
  type: 'object',
  required: ['type', 'facts'],
  additionalProperties: false,
  properties: {
    type: { const: 'FactSet' },
    facts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['title', 'value'],
        additionalProperties: false,
        properties: { title: { type: 'string' }, value: { type: 'string' } },
      },
    },
    spacing: { type: 'string' },
    separator: { type: 'boolean' },
  },
};

const openUrl = {
  type: 'object',
  required: ['type', 'url'],
  additionalProperties: false,
  properties: {
    type: { const: 'Action.OpenUrl' },
    title: { type: 'string' },
    url: { type: 'string', pattern: '^https?://' },
  },
};

export const adaptiveCardSchema = {
  type: 'object',
  required: ['type', 'version', 'body'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    type: { const: 'AdaptiveCard' },
    version: { enum: ['1.0', '1.1', '1.2'] },
    body: { type: 'array', minItems: 1, items: { oneOf: [textBlock, factSet] } },
    actions: { type: 'array', items: openUrl },
    msteams: { type: 'object' },
  },
};
