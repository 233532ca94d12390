/*
 * The widget's styles, inlined into its shadow root: the host page's CSS does not reach in, and these do
 * not leak out. `:host { all: initial }` also stops inherited properties (font, colour, line height,
 * direction) of the page from flowing in. Logical properties throughout, so the Persian panel mirrors;
 * only the fixed corner is physical (bottom-right, bottom-left when the widget speaks right to left).
 */
export const STYLES = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.root{position:fixed;bottom:16px;right:16px;z-index:2147483000;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Vazirmatn",Tahoma,sans-serif;color:#1f2937;display:flex;flex-direction:column;align-items:flex-end;gap:12px}
.root[dir=rtl]{right:auto;left:16px}
button,input,textarea{font:inherit;color:inherit}
.launcher{position:relative;inline-size:56px;block-size:56px;border-radius:50%;border:0;background:#1d4ed8;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.launcher svg{inline-size:28px;block-size:28px;fill:currentColor}
.launcher:hover{background:#1e40af}
.badge{position:absolute;inset-block-start:-4px;inset-inline-end:-4px;min-inline-size:20px;block-size:20px;padding-inline:5px;border-radius:10px;background:#b91c1c;color:#fff;font-size:12px;line-height:20px;text-align:center}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.panel{inline-size:min(380px,calc(100vw - 32px));block-size:min(600px,calc(100vh - 104px));background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}
.head{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#1d4ed8;color:#fff}
.head h2{flex:1;margin:0;font-size:16px;font-weight:600;min-inline-size:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.head .sub{display:block;font-size:12px;font-weight:400;opacity:.95}
.icon-btn{border:0;background:transparent;color:inherit;inline-size:36px;block-size:36px;border-radius:6px;display:grid;place-items:center;cursor:pointer;flex:none}
.icon-btn svg{inline-size:20px;block-size:20px;fill:currentColor}
.icon-btn:hover{background:rgba(255,255,255,.18)}
.text-btn{border:1px solid rgba(255,255,255,.7);background:transparent;color:#fff;border-radius:6px;padding:4px 8px;cursor:pointer;font-size:13px}
.status{margin:0;padding:6px 12px;background:#fef3c7;color:#78350f;font-size:13px}
.status:empty{display:none}
.body{flex:1;min-block-size:0;display:flex;flex-direction:column;overflow:auto}
.form{display:flex;flex-direction:column;gap:10px;padding:14px}
.form h3{margin:0;font-size:16px}
.intro,.hint{margin:0;color:#4b5563}
.hint{font-size:12px}
.field{display:flex;flex-direction:column;gap:4px}
.field label{font-weight:600;font-size:13px}
.field input,.field textarea,.compose textarea{border:1px solid #6b7280;border-radius:6px;padding:8px;background:#fff;inline-size:100%}
.field textarea{min-block-size:72px;resize:vertical}
[aria-invalid=true]{border-color:#b91c1c!important}
.error{margin:0;color:#b91c1c;font-size:13px}
.error:empty{display:none}
.check{display:flex;gap:8px;align-items:flex-start}
.check input{margin-block-start:3px}
.primary{border:0;border-radius:6px;background:#1d4ed8;color:#fff;padding:10px 14px;font-weight:600;cursor:pointer}
.primary:hover{background:#1e40af}
.primary:disabled{background:#6b7280;cursor:default}
.secondary{border:1px solid #1d4ed8;border-radius:6px;background:#fff;color:#1d4ed8;padding:8px 12px;cursor:pointer}
.log{list-style:none;margin:0;padding:12px;display:flex;flex-direction:column;gap:10px;flex:1;min-block-size:0;overflow:auto}
.msg{max-inline-size:85%;display:flex;flex-direction:column;gap:2px}
.msg.visitor{align-self:flex-end;align-items:flex-end}
.msg.system{align-self:center;max-inline-size:100%;color:#4b5563;font-size:13px;text-align:center}
.meta{font-size:12px;color:#4b5563;display:flex;gap:6px}
.bubble{margin:0;padding:8px 10px;border-radius:12px;background:#f3f4f6;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor .bubble{background:#1d4ed8;color:#fff}
.system .bubble{background:transparent;padding:0}
.bubble img{display:block;max-inline-size:100%;max-block-size:200px;border-radius:6px;margin-block-start:4px}
.file{border:0;background:none;color:inherit;text-decoration:underline;cursor:pointer;padding:0;text-align:start}
.mark{font-size:12px;color:#4b5563}
.mark.failed{color:#b91c1c}
.mark button{border:0;background:none;color:#1d4ed8;text-decoration:underline;cursor:pointer;padding:0;font-size:12px}
.typing{margin:0;padding:0 12px 6px;font-size:12px;color:#4b5563;font-style:italic;min-block-size:1.45em}
.compose{display:flex;gap:6px;align-items:flex-end;padding:8px;border-block-start:1px solid #e5e7eb}
.compose textarea{flex:1;min-block-size:40px;max-block-size:120px;resize:none}
.compose .icon-btn{color:#1d4ed8}
.compose .icon-btn:hover{background:#eff6ff}
[dir=rtl] .send svg{transform:scaleX(-1)}
.end{display:flex;flex-direction:column;gap:10px;padding:12px;border-block-start:1px solid #e5e7eb}
.end p{margin:0}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin-block-end:6px;padding:0}
.stars{display:flex;gap:4px}
.stars label{cursor:pointer;font-size:28px;line-height:1;color:#9ca3af}
.stars label.on{color:#b45309}
.stars input:focus-visible+label{outline:3px solid #f59e0b}
.sr{position:absolute;inline-size:1px;block-size:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.done{padding:14px;margin:0}
@media (max-width:420px){.root{bottom:8px;right:8px}.root[dir=rtl]{right:auto;left:8px}.panel{inline-size:calc(100vw - 16px);block-size:calc(100vh - 88px)}}
`;
