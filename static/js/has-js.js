// Runs first, in <head>: tells the stylesheet that scripts run, so the main menu can collapse behind
// Bootstrap Italia's toggler; without it the menu's links stay in the page.
document.documentElement.classList.add("js");
