/** Which errors are the operator's mistake (exit code 2) rather than a failure (1). */
import { CustomerFileError } from '../functions/adapters/files/customer-file.js';
import { SmsTemplateError } from '../functions/core/sms.js';
import { TicketRuleError } from '../functions/core/tickets.js';
import { CrmInputError } from '../functions/use-cases/manage-crm.js';
import { UsageError } from './options.js';

export function isUsageError(err: unknown): boolean {
  return (
    err instanceof UsageError ||
    err instanceof CrmInputError ||
    err instanceof CustomerFileError ||
    err instanceof TicketRuleError ||
    err instanceof SmsTemplateError
  );
}
