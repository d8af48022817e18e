import { runService } from '@minerisk/shared/runtime/context';
import { startScoring } from './service';

void runService('scoring', (ctx) => startScoring(ctx));
