// Read by Bootstrap Italia's bundle as it loads: its video player must not inject a <style>
// element, which the Content-Security-Policy (style-src 'self') refuses.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
