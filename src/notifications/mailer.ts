/** The one place that talks SMTP (nodemailer). */
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/config.js';

export interface OutgoingMail { to: string; subject: string; text: string; language: string }

export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly smtp: SmtpConfig) {
    this.transport = nodemailer.createTransport({
      host: smtp.host, port: smtp.port, secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
      connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.smtp.from, to: mail.to, subject: mail.subject, text: mail.text, headers: { 'Content-Language': mail.language },
    });
  }

  close(): void { this.transport.close(); }
}
