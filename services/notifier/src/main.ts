import { runService } from '@minerisk/shared/runtime/context';
import { startNotifier } from './service';

void runService('notifier', startNotifier);
