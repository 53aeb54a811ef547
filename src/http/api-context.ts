/** What the routers are given: the domain services, already built by app.ts. Routers hold no state of their own. */
import type { MaterialCatalogue } from '../analysis/materials.js';
import type { AnalysisRunner } from '../composition/analysis-runner.js';
import type { PreviewStore } from '../composition/preview-store.js';
import type { PrinterRegistry } from '../composition/printer-registry.js';
import type { Config } from '../config/config.js';
import type { Dispatcher } from '../jobs/dispatcher.js';
import type { JobService } from '../jobs/job-service.js';
import type { PickupService } from '../jobs/pickup-service.js';
import type { PolicyService } from '../jobs/policy-service.js';
import type { WorkshopService } from '../jobs/workshop-service.js';
import type { QuoteService } from '../quotes/quote-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { TemplateService } from '../notifications/template-service.js';
import type { ReportService } from '../reports/report-service.js';
import type { ReservationService } from '../reservations/reservation-service.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { UploadStore } from '../uploads/upload-store.js';
import type { PrivacyService } from '../users/privacy-service.js';
import type { TrainingService } from '../users/training-service.js';
import type { UserService } from '../users/user-service.js';
import type { Actor } from '../users/user-types.js';
import type { ApiRegistry } from './api-registry.js';
import type { ReadCache } from './read-cache.js';
import type { RequestAuthenticator } from './request-auth.js';

export interface ApiContext {
  config: Config;
  version: string;
  auth: RequestAuthenticator;
  users: UserService;
  jobs: JobService;
  workshops: WorkshopService;
  dispatcher: Dispatcher;
  settings: SettingsRepository;
  uploads: UploadStore;
  analysis: AnalysisRunner;
  previews: PreviewStore;
  printers: PrinterRegistry;
  /** The material catalogue (config/materials.json): a patron's material must be one of these. */
  materials: MaterialCatalogue;
  reports: ReportService;
  reservations: ReservationService;
  notifications: NotificationService;
  templates: TemplateService;
  readCache: ReadCache;
  pickup: PickupService;
  policies: PolicyService;
  training: TrainingService;
  privacy: PrivacyService;
  quotes: QuoteService;
}

export type Api = ApiRegistry<Actor>;
