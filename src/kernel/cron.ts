// Validation of the time windows users write (the gate's freeze windows, the status page's maintenance):
// an IANA time zone and a five-field cron expression, checked the same way by every action.
import { Cron } from 'croner';

/** True when `name` is a time zone this Node knows (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Why `text` is not a five-field cron expression in `timezone`, or undefined when it is one. */
export function cronProblem(text: string, timezone: string): string | undefined {
  try {
    new Cron(text, { timezone, paused: true, mode: '5-part' });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}
