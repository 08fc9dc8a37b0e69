<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows a feed as a page for people who open it in a browser. In the Open. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="(rss/channel/title | atom:feed/atom:title)[1]"/>
    <xsl:variable name="home" select="(rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href)[1]"/>
    <xsl:variable name="self" select="(rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href)[1]"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
          body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem;
                 margin: 2rem auto; padding: 0 1rem; color: #0b0c0c; background: #fff; }
          a { color: #1d4ed8; }
          a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
          .notice { border-left: 0.4rem solid #1d70b8; padding: 0.5rem 1rem; background: #f3f2f1; }
          code { word-break: break-all; }
          li { margin-bottom: 1rem; }
        </style>
      </head>
      <body>
        <main>
          <div class="notice">
            <p><strong>This is a web feed.</strong> Copy its address into a feed reader app
              to get new posts as they are published:</p>
            <p><code><xsl:value-of select="$self"/></code></p>
            <p>Feed readers include NetNewsWire, Feedly, Inoreader and Thunderbird.</p>
          </div>
          <h1><xsl:value-of select="$title"/></h1>
          <p><a href="{$home}">Visit the website</a></p>
          <h2>Latest posts</h2>
          <ul>
            <xsl:for-each select="rss/channel/item">
              <li><a href="{link}"><xsl:value-of select="title"/></a><br/>
                <xsl:value-of select="description"/></li>
            </xsl:for-each>
            <xsl:for-each select="atom:feed/atom:entry">
              <li><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a><br/>
                <xsl:value-of select="atom:summary"/></li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
