// Reads a JUnit report the way a viewer does: validated and parsed by a real XML parser, with
// entities decoded, into suites and test cases a test can compare.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface JUnitCase {
  name: string;
  classname: string;
  /** Absent when the case passed. */
  failure?: { message: string; type: string; text: string };
}

export interface JUnitSuite {
  name: string;
  tests: number;
  failures: number;
  timestamp: string;
  properties: Record<string, string>;
  cases: JUnitCase[];
}

// What the validator lets through and a strict viewer refuses: characters XML 1.0 cannot carry,
// an `&` that starts no known reference, a `<` inside an attribute value.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const BARE_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
const ANGLE_IN_ATTRIBUTE = /=\s*"[^"]*</;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  htmlEntities: true,
  trimValues: false,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'property'].includes(name),
});

type Node = Record<string, unknown>;

/** Throws when the text is not well-formed XML 1.0; otherwise returns every suite with its cases. */
export function parseJUnit(xml: string): JUnitSuite[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const bad = NOT_XML.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} is not allowed in XML 1.0`);
  if (BARE_AMPERSAND.test(xml)) throw new Error('an & that starts no entity or character reference');
  if (ANGLE_IN_ATTRIBUTE.test(xml)) throw new Error('a < inside an attribute value');
  const document = parser.parse(xml) as Node;
  const roots = Object.keys(document).filter((key) => key !== '?xml');
  if (roots.length !== 1 || Array.isArray(document[roots[0]])) {
    throw new Error(`expected one root element, found ${roots.join(', ') || 'none'}`);
  }
  const root = (document.testsuites ?? document) as Node;
  const suites = (root.testsuite ?? []) as Node[];
  return suites.map((suite) => ({
    name: String(suite.name),
    tests: Number(suite.tests),
    failures: Number(suite.failures),
    timestamp: String(suite.timestamp),
    properties: Object.fromEntries(
      (((suite.properties as Node | undefined)?.property ?? []) as Node[]).map((property) => [
        String(property.name),
        String(property.value),
      ]),
    ),
    cases: ((suite.testcase ?? []) as Array<Node | string>).map((testcase) => {
      const node = typeof testcase === 'string' ? {} : testcase;
      const failures = (node.failure ?? []) as Node[];
      if (failures.length > 1) throw new Error(`testcase ${String(node.name)} has ${failures.length} failure elements`);
      const [failure] = failures;
      return {
        name: String(node.name),
        classname: String(node.classname),
        ...(failure
          ? {
              failure: {
                message: String(failure.message),
                type: String(failure.type),
                text: String(failure['#text'] ?? ''),
              },
            }
          : {}),
      };
    }),
  }));
}
