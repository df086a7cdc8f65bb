/** What a proxy in front of an API answers when the API is down (Tengine, Alibaba's nginx, looks the same). */
export const proxyErrorPage = (status: number): string =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
