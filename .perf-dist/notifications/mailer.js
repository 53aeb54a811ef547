/** The one place that talks SMTP (nodemailer). */
import nodemailer from 'nodemailer';
export class Mailer {
    smtp;
    transport;
    constructor(smtp) {
        this.smtp = smtp;
        this.transport = nodemailer.createTransport({
            host: smtp.host, port: smtp.port, secure: smtp.secure,
            auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
            connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
        });
    }
    async send(mail) {
        await this.transport.sendMail({
            from: this.smtp.from, to: mail.to, subject: mail.subject, text: mail.text, headers: { 'Content-Language': mail.language },
        });
    }
    close() { this.transport.close(); }
}
//# sourceMappingURL=mailer.js.map