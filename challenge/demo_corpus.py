"""Italian texts for the demo data: real kinds of bodies, places and public-service problems."""

# (name, kind, ISTAT region code)
ADMINISTRATIONS = [
    ("Regione Emilia-Romagna", "region", "08"),
    ("Regione Puglia", "region", "16"),
    ("Regione Toscana", "region", "09"),
    ("Regione Lombardia", "region", "03"),
    ("Provincia di Ravenna", "province", "08"),
    ("Provincia di Lecce", "province", "16"),
    ("Città metropolitana di Bologna", "metropolitan_city", "08"),
    ("Città metropolitana di Bari", "metropolitan_city", "16"),
    ("Città metropolitana di Napoli", "metropolitan_city", "15"),
    ("Comune di Bologna", "municipality", "08"),
    ("Comune di Modena", "municipality", "08"),
    ("Comune di Parma", "municipality", "08"),
    ("Comune di Reggio Emilia", "municipality", "08"),
    ("Comune di Ferrara", "municipality", "08"),
    ("Comune di Ravenna", "municipality", "08"),
    ("Comune di Forlì", "municipality", "08"),
    ("Comune di Rimini", "municipality", "08"),
    ("Comune di Piacenza", "municipality", "08"),
    ("Comune di Lecce", "municipality", "16"),
    ("Comune di Torino", "municipality", "01"),
    ("Comune di Palermo", "municipality", "19"),
    ("Unione della Romagna Faentina", "union_of_municipalities", "08"),
    ("Unione dei Comuni del Frignano", "union_of_municipalities", "08"),
    ("Ministero dell'Ambiente e della Sicurezza Energetica", "ministry", "12"),
    ("Agenzia per l'Italia Digitale", "agency", "12"),
    ("Azienda USL di Bologna", "health_authority", "08"),
    ("ASL Bari", "health_authority", "16"),
    ("Università di Bologna", "university", "08"),
    ("Università del Salento", "university", "16"),
    ("ARPAE Emilia-Romagna", "other", "08"),
]

# The 11 Emilia-Romagna territorial labs: (name, territory, coordinator, theme ids)
LABS = [
    ("Laboratorio territoriale di Piacenza", "Provincia di Piacenza", "Comune di Piacenza", (1, 2)),
    ("Laboratorio territoriale di Parma", "Provincia di Parma", "Comune di Parma", (1, 3)),
    ("Laboratorio territoriale di Reggio Emilia", "Provincia di Reggio Emilia", "Comune di Reggio Emilia", (2, 3)),
    ("Laboratorio territoriale di Modena", "Provincia di Modena", "Comune di Modena", (1, 2)),
    ("Laboratorio territoriale dell'Appennino modenese", "Frignano", "Unione dei Comuni del Frignano", (3,)),
    ("Laboratorio territoriale metropolitano di Bologna", "Città metropolitana di Bologna", "Città metropolitana di Bologna", (1, 2, 3)),
    ("Laboratorio territoriale di Ferrara", "Provincia di Ferrara", "Comune di Ferrara", (1, 3)),
    ("Laboratorio territoriale di Ravenna", "Provincia di Ravenna", "Comune di Ravenna", (1, 2)),
    ("Laboratorio territoriale della Romagna faentina", "Faenza e comuni dell'Unione", "Unione della Romagna Faentina", (2, 3)),
    ("Laboratorio territoriale di Forlì-Cesena", "Provincia di Forlì-Cesena", "Comune di Forlì", (1, 3)),
    ("Laboratorio territoriale di Rimini", "Provincia di Rimini", "Comune di Rimini", (2, 3)),
]

LAB_DESCRIPTION = (
    "Rete pubblico-privata che accompagna le imprese del territorio nell'adottare la sostenibilità "
    "come processo strutturato: percorsi di co-progettazione su {focus}, incontri di open innovation "
    "e scambio di competenze tra enti locali, università, centri di ricerca e associazioni."
)
LAB_FOCUS = [
    "economia circolare e simbiosi industriale",
    "turismo e mobilità sostenibile",
    "welfare territoriale e inclusione",
    "competenze verdi per le piccole imprese",
]

# Partner names by kind; every lab gets at least one of each kind.
PARTNERS = {
    "local_authority": ["Comune capoluogo", "Unione dei comuni della pianura", "Comune della collina"],
    "university": ["Università di Bologna", "Università di Modena e Reggio Emilia", "Università di Parma", "Università di Ferrara"],
    "research_centre": ["ENEA", "CNR - Istituto per la bioeconomia", "Tecnopolo regionale", "Centro ricerche agroalimentari"],
    "clust_er": ["Clust-ER Greentech", "Clust-ER Agroalimentare", "Clust-ER Innovazione nei servizi", "Clust-ER Edilizia e costruzioni"],
    "ceas": ["CEAS intercomunale", "CEAS della bassa pianura", "CEAS dei parchi"],
    "business": ["Cooperativa sociale Il Germoglio", "Ceramiche Valle Srl", "Officine Verdi Spa", "Agriturismo La Quercia", "Logistica Padana Srl"],
    "trade_association": ["Confartigianato", "CNA territoriale", "Confcooperative", "Coldiretti provinciale", "Confcommercio"],
    "other": ["Fondazione di comunità", "Associazione Amici della bicicletta", "Legambiente circolo locale"],
}

# (title, summary, theme, SDG numbers)
CHALLENGES = [
    ("Basta file agli sportelli anagrafici", "Come ridurre le attese per carte d'identità e certificati senza chiudere gli sportelli a chi non usa internet?", 2, (16, 10)),
    ("Raccolta differenziata nei centri storici", "I cassonetti stradali non entrano nei vicoli: servono idee per la raccolta porta a porta che funzionino anche per turisti e negozi.", 1, (11, 12)),
    ("Comunità energetiche nei piccoli comuni", "Come coinvolgere famiglie e imprese in comunità energetiche rinnovabili dove i tetti pubblici sono pochi?", 1, (7, 13)),
    ("Mobilità casa-scuola sicura", "Troppe auto davanti alle scuole all'ingresso: cerchiamo soluzioni per far arrivare i ragazzi a piedi o in bicicletta.", 3, (3, 11)),
    ("Prenotazioni sanitarie senza attese al telefono", "Il numero unico per le prenotazioni è sempre occupato: come semplificare prenotazioni e disdette?", 2, (3, 16)),
    ("Simbiosi industriale nel distretto ceramico", "Gli scarti di una filiera possono diventare materia prima per un'altra: aiutateci a far incontrare domanda e offerta.", 1, (9, 12)),
    ("Turismo lento nell'Appennino", "Come portare visitatori nei borghi fuori stagione valorizzando sentieri, prodotti locali e ospitalità diffusa?", 3, (8, 11)),
    ("Welfare aziendale condiviso tra piccole imprese", "Le piccole imprese non riescono a offrire servizi di welfare: come metterli in comune sul territorio?", 2, (8, 5)),
    ("Meno spreco alimentare nelle mense scolastiche", "Ogni giorno una parte dei pasti finisce nel rifiuto: idee per ridurre lo spreco e recuperare le eccedenze.", 1, (2, 12)),
    ("Pratiche edilizie digitali per i cittadini", "Presentare una pratica edilizia richiede ancora troppi passaggi: come rendere il percorso chiaro e tutto online?", 2, (9, 16)),
    ("Spazi pubblici per i giovani nei quartieri", "I ragazzi chiedono luoghi per studiare e incontrarsi la sera: come riattivare spazi pubblici inutilizzati?", 3, (4, 11)),
    ("Acqua pubblica e borracce nelle scuole", "Vogliamo eliminare la plastica monouso negli istituti: servono idee per fontanelle, borracce ed educazione.", 1, (6, 12)),
    ("Competenze digitali per gli over 65", "Molti anziani non riescono a usare SPID e app pubbliche: come accompagnarli senza lasciarli soli?", 2, (4, 10)),
    ("Logistica urbana delle merci a basse emissioni", "Furgoni in doppia fila e consegne frammentate: come organizzare l'ultimo miglio in modo sostenibile?", 3, (11, 13)),
    ("Riuso dei materiali da costruzione", "Calcinacci e materiali da demolizione finiscono in discarica: come favorirne il recupero nei cantieri pubblici?", 1, (9, 12)),
    ("Inclusione lavorativa delle persone con disabilità", "Come aiutare imprese e persone a incontrarsi per tirocini e assunzioni che durino nel tempo?", 2, (8, 10)),
    ("Verde urbano contro le isole di calore", "Le estati sono sempre più calde in città: dove e come piantare alberi e creare ombra nei quartieri più esposti?", 3, (11, 13, 15)),
    ("Trasparenza dei bandi per le associazioni", "Le associazioni faticano a trovare e capire i bandi: come rendere contributi e scadenze più accessibili?", 2, (16, 17)),
    ("Sportello unico per le imprese più semplice", "Aprire o modificare un'attività richiede troppi moduli: come semplificare il SUAP per chi fa impresa?", 2, (8, 9)),
    ("Riduzione dei rifiuti negli eventi pubblici", "Sagre e festival producono montagne di stoviglie usa e getta: quali regole e servizi per eventi a rifiuti zero?", 1, (12, 11)),
    ("Trasporto a chiamata nelle aree interne", "Le corse degli autobus sono poche e vuote: un servizio a chiamata potrebbe collegare meglio frazioni e paesi?", 3, (9, 11)),
    ("Prevenzione degli allagamenti urbani", "Piogge intense allagano sottopassi e cantine: come coinvolgere i cittadini nella prevenzione e nell'allerta?", 3, (11, 13)),
    ("Economia circolare del tessile", "Abiti usati e scarti di lavorazione tessile: come creare una filiera locale di raccolta, riuso e riciclo?", 1, (12, 8)),
    ("Orientamento scolastico e lavoro nei territori", "I ragazzi scelgono la scuola superiore senza conoscere le imprese del territorio: come avvicinare scuola e lavoro?", 2, (4, 8)),
    ("Parità di genere nelle posizioni di responsabilità", "Nei ruoli dirigenziali pubblici le donne sono ancora poche: quali misure concrete per cambiare le cose?", 2, (5, 16)),
    ("Sicurezza stradale per chi va in bicicletta", "Gli incidenti con ciclisti aumentano: dove intervenire prima e come coinvolgere chi pedala ogni giorno?", 3, (3, 11)),
    ("Recupero degli immobili pubblici dismessi", "Scuole e caserme vuote si degradano: come restituirle alla comunità con progetti sostenibili?", 3, (11, 17)),
    ("Agricoltura di prossimità e mercati contadini", "Come portare i prodotti delle aziende agricole locali nelle mense e nei quartieri senza intermediari?", 1, (2, 12)),
    ("Assistenza domiciliare più coordinata", "Servizi sociali e sanitari a domicilio si sovrappongono: come coordinarli meglio attorno alla persona?", 2, (3, 10)),
    ("Biblioteche come presidi di comunità", "Le biblioteche possono diventare punti di accesso ai servizi digitali e luoghi di incontro: con quali idee?", 3, (4, 11)),
    ("Risparmio energetico negli edifici scolastici", "Le scuole consumano tanta energia: quali interventi e quali comportamenti per ridurre i consumi?", 1, (7, 13)),
    ("Pagamenti pubblici semplici per tutti", "Tasse, rette e multe si pagano in modi diversi: come rendere pagoPA semplice anche per chi è meno esperto?", 2, (16, 9)),
    ("Accoglienza e integrazione dei nuovi residenti", "Chi arriva da un altro paese si perde tra uffici e documenti: come accompagnare i primi mesi in città?", 3, (10, 16)),
    ("Filiere corte del legno in montagna", "I boschi dell'Appennino sono poco gestiti: come creare lavoro e valore con una filiera locale del legno?", 1, (15, 8)),
    ("Dati aperti utili per le imprese locali", "Le amministrazioni pubblicano molti dati ma pochi li usano: quali dati servono davvero alle imprese?", 2, (9, 17)),
    ("Spiagge accessibili e sostenibili", "Come rendere le spiagge libere accessibili a tutti e pulite, coinvolgendo stabilimenti e volontari?", 3, (14, 10)),
]

CHALLENGE_BODIES = [
    "Negli ultimi anni abbiamo raccolto molte segnalazioni su questo tema e i dati confermano il problema.",
    "Vogliamo sperimentare soluzioni concrete nel prossimo anno, con un budget dedicato e il coinvolgimento degli uffici.",
    "Cerchiamo idee realizzabili, sostenibili nel tempo e verificabili con indicatori chiari.",
    "Ci interessano sia proposte tecnologiche sia cambiamenti organizzativi o di comunicazione.",
    "Le proposte migliori saranno discusse in un incontro pubblico con i proponenti.",
    "Il progetto si inserisce nella strategia regionale per lo sviluppo sostenibile e nell'Agenda 2030.",
    "Ogni proposta dovrebbe indicare chi ne beneficia, quanto costa all'incirca e chi potrebbe realizzarla.",
]

SOLUTION_OPENINGS = [
    "Propongo di", "Si potrebbe", "La nostra idea è di", "Come associazione suggeriamo di", "Da cittadina propongo di",
    "Come impresa del territorio proponiamo di", "Un'idea semplice:", "Nella mia esperienza funzionerebbe",
]
SOLUTION_ACTIONS = [
    ("un calendario di prenotazione online", "prenotare in anticipo con fasce orarie da quindici minuti"),
    ("uno sportello itinerante", "portare il servizio nei quartieri e nelle frazioni una volta a settimana"),
    ("una piattaforma di scambio tra imprese", "mettere in contatto chi produce scarti con chi può riutilizzarli"),
    ("un gruppo di volontari formati", "accompagnare le persone meno esperte passo dopo passo"),
    ("un accordo con le associazioni di categoria", "condividere costi e servizi tra piccole imprese"),
    ("un sistema di premi per i comportamenti virtuosi", "ridurre la tariffa a chi differenzia meglio"),
    ("una app con notifiche e promemoria", "avvisare i cittadini delle scadenze e dei cambi di orario"),
    ("un percorso pedonale protetto", "rendere sicuro il tragitto nei momenti di punta"),
    ("un laboratorio nelle scuole", "coinvolgere ragazzi e insegnanti nella progettazione"),
    ("un patto di collaborazione con i residenti", "affidare la cura degli spazi a chi li vive ogni giorno"),
    ("un servizio a chiamata con mezzi piccoli", "collegare frazioni e paesi solo quando serve"),
    ("una mappa pubblica dei dati", "rendere visibili i problemi e i progressi di ogni zona"),
]
SOLUTION_DETAILS = [
    "Si può partire con una sperimentazione di sei mesi in un solo quartiere e misurare i risultati.",
    "I costi sarebbero contenuti perché si usano strutture e personale già esistenti.",
    "Esperienze simili in altri comuni hanno dimezzato i tempi di attesa.",
    "È importante prevedere sempre un'alternativa per chi non usa strumenti digitali.",
    "Le imprese del territorio potrebbero sostenere il progetto come sponsor.",
    "Servirebbe una campagna di comunicazione chiara, in più lingue.",
    "I dati raccolti andrebbero pubblicati come dati aperti ogni trimestre.",
    "Si potrebbero coinvolgere le università per valutare l'impatto.",
    "Il progetto potrebbe essere finanziato con fondi europei per la coesione.",
    "Chiediamo di poter presentare l'idea in un incontro con gli uffici competenti.",
]

COMMENTS = [
    "Ottima idea, nel mio quartiere servirebbe davvero.",
    "Sono d'accordo, ma bisogna pensare anche a chi non ha uno smartphone.",
    "Quanto costerebbe? Sarebbe utile una stima, anche approssimativa.",
    "L'abbiamo provato nel nostro comune e ha funzionato bene, soprattutto all'inizio.",
    "Attenzione alla privacy dei dati raccolti.",
    "Aggiungerei un coinvolgimento delle scuole fin dal principio.",
    "Mi sembra complicato da realizzare in tempi brevi, ma vale la pena provarci.",
    "Come associazione siamo disponibili a dare una mano.",
    "Propongo di partire da una zona pilota e poi allargare.",
    "Non sono convinto: il problema vero è la mancanza di personale.",
    "Bella proposta! Andrebbe però comunicata meglio.",
    "Si potrebbe collegare con il servizio già esistente in biblioteca.",
    "Chi si occuperebbe della manutenzione nel tempo?",
    "Ho lavorato su un progetto simile: i risultati arrivano dopo qualche mese.",
    "Sarebbe utile pubblicare i dati prima e dopo la sperimentazione.",
]
REPLIES = [
    "Grazie, è proprio quello che intendevamo.",
    "Buona osservazione, la aggiungiamo alla proposta.",
    "Concordo con te.",
    "Non credo, ma possiamo parlarne all'incontro pubblico.",
    "Abbiamo una stima: circa ventimila euro il primo anno.",
    "Sì, l'alternativa allo sportello resta sempre garantita.",
]
RESPONSES = {
    "under_review": "Grazie per la proposta: gli uffici la stanno esaminando e vi aggiorneremo entro due mesi.",
    "accepted": "La proposta è stata accolta: sarà inserita nel piano delle attività del prossimo anno.",
    "rejected": "Grazie del contributo. Al momento la proposta non è realizzabile per vincoli di bilancio.",
    "implemented": "La proposta è stata realizzata: il servizio è attivo da questo mese. Grazie a tutti!",
}

FIRST_NAMES = [
    "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo", "Elena", "Davide",
    "Martina", "Andrea", "Valentina", "Simone", "Federica", "Lorenzo", "Giorgia", "Paolo", "Anna", "Stefano",
    "Silvia", "Roberto", "Ilaria", "Giovanni", "Laura", "Antonio", "Beatrice", "Riccardo", "Marta", "Fabio",
]
LAST_NAMES = [
    "Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
    "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
    "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Vitale", "Serra", "Coppola",
]
ORGANISATIONS = [
    "Cooperativa Terra Viva", "Associazione Città Ciclabile", "Studio Ingegneria Verde", "Pro Loco di Borgo San Lorenzo",
    "Comitato di quartiere San Donato", "Impresa Sociale Il Ponte", "Fondazione Futuro Comune", "Gruppo di ricerca Smart Cities",
    "Associazione Nonni Digitali", "Confederazione Artigiani del Frignano",
]
