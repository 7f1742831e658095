"""Build eval/devset.jsonl: hand-written, hand-labelled candidate answers.

Sources used for the labels: only the two seed documents
(interview-prep page with cheat sheet + practice-problem rubric, and the
career-ladder guide). Written independently of rubrics/ and prompts/.

Run:  python eval/build_devset.py
"""
import json
from pathlib import Path

S, L, N = "strong_hire", "lean_hire", "no_hire"

ROWS = []


def add(q, band, answer, note):
    ROWS.append({"question": q, "answer": answer.strip(), "band": band, "note": note})


# ---------------------------------------------------------------- five-year-vision
Q = "five-year-vision"
add(Q, S, """I'm a Senior MLE (L5) today and I own the query-understanding models for our search product end to end. In five years I want to be a Staff MLE who owns the ML strategy for search as a whole, not just one model. The jump is from system-level to org-level scope, so the things I need to learn are mostly not modelling: writing a multi-quarter roadmap that product and infra both sign up to, getting three or four teams to change course without being their manager, and mentoring senior engineers, not only juniors. I've started on the first one by writing our 2025 relevance roadmap. At Staff my impact would be that search ranking, spelling and query-rewrite teams all build on one shared evaluation and feature stack. Right now each team has its own, and that costs us about a quarter of duplicated work every year.""",
    "All four parts (current level, target, gaps, impact) with concrete detail and evidence they've started")
add(Q, S, """Now: L4, I own the card-fraud model end to end. In 5 yrs: Staff, setting ML direction for payments risk across 3 teams. What I'm missing is cross-team influence and multi-quarter planning, so this year I volunteered to lead our feature-store migration with the data platform team. Impact at Staff: one risk platform instead of three, and fraud losses measured in basis points, not AUC.""",
    "Terse but has every element of the framework, with a concrete first step and a business-level impact")
add(Q, S, """ok so rn im a mid level MLE (L4) on the ads ctr team. in 5 yrs i'd like to be senior and pushing toward staff. stuff i need to learn: designing the whole training+serving pipeline not just the model, mentoring (i have my first intern this summer), and writing design docs people actually read lol. impact i want at that level: own ads ranking end to end, and get our experiment turnaround from ~5 days to 1 day so the whole team can iterate faster. i know L4->L5 is about owning a system and L5->L6 is about org scope, so im not pretending ill skip steps""",
    "Casual style but accurate level awareness, concrete learning plan and a measurable impact goal")
add(Q, S, """I'm currently a tech lead, L5, with two engineers on my project. My five-year goal is to be an engineering manager running an applied ML team of six to eight people. The skills I don't have yet are the people-management ones: running performance reviews, hiring, and holding a hard conversation early rather than late. So I've asked to run our intern program this year and I sit in on calibration with my manager. If I get there, success looks like a team that ships models predictably and where people get promoted because I invested in them. I picked a tech lead role first on purpose, to test whether I actually like this before committing.""",
    "Management-track vision that follows the framework, with self-awareness and a deliberate test of fit")
add(Q, S, """Today I'm the person who knows every corner of our speech-recognition stack. Call it senior IC, L5: I walk the terrain. In five years I want to be the one who draws the map, a Staff engineer who decides which terrain is worth walking. What I lack is the unglamorous stuff: a strategy memo that survives contact with finance, saying no to good ideas so the great one gets staffed, and explaining WER to a VP in dollars. The impact I'd want is four product lines training on one shared speech recipe instead of four forks, and our regression incidents going from monthly to rare.""",
    "Unusual metaphorical wording, but clear current->target->gaps->impact arc with specifics")
add(Q, L, """I see myself as a senior or maybe staff engineer, leading bigger projects and mentoring people. I'd like to keep learning new things, especially LLMs, since that's where the field is going. I want to be somewhere I can grow and take on more responsibility.""",
    "Names a target but no current level, generic learning, no concrete impact")
add(Q, L, """In five years I hope to be senior ML engineer. Now I am junior, I implement model components and run experiments with my lead guidance. I want learn more system design and MLOps, like Kubeflow and monitoring. Then I think I can own a full system myself.""",
    "Has current and target level and some learning, but thin and no impact at the target level")
add(Q, L, """Um, so, like, I'd really love to be a staff engineer? I think, you know, that means being way more technical, like really really deep in modelling. I want to be the go-to transformer person, the one who reads every paper and knows all the tricks. So, yeah, just going super deep.""",
    "Ambitious target but treats Staff as only deeper expertise; misses scope and influence")
add(Q, L, """- Target: Staff MLE
- Skills to pick up: distributed training, CUDA kernels, RL
- Companies I'd consider: big tech or a well-funded startup
- Want to publish at least one paper""",
    "Structured, but only lists technical skills; no current level and no impact at the target level")
add(Q, L, """I'm doing general ML infrastructure right now, mostly Kubernetes and pipelines for training jobs. Over the next few years I want to specialise in LLM infrastructure, so I've been working through serving material, I built a small RAG project on the side, and I'd like to contribute to vLLM. I think LLM serving is going to be huge and I want to be really good at it. I'm not too focused on titles, more on becoming an expert in that area.""",
    "Concrete specialisation plan but no target level and no statement of impact or scope")
add(Q, N, """I see myself growing and making an impact at a great company. I see myself growing and making an impact at a great company. I see myself growing and making an impact at a great company. I see myself growing and making an impact at a great company. I see myself growing and making an impact at a great company.""",
    "Degenerate: one vague sentence repeated to pad length")
add(Q, N, """Honestly I don't really plan that far ahead. I go where the work takes me. Hopefully still here!""",
    "No target, no plan, no self-awareness")
add(Q, N, """In five years I see myself as a visionary thought leader driving end-to-end AI transformation, leveraging cutting-edge GenAI and agentic workflows to unlock synergies and deliver value at scale across the entire ecosystem.""",
    "Buzzwords only; no level, no concrete skills, no real impact")
add(Q, N, """That's a tough one because the market is so crazy right now. I mean, five years ago nobody had heard of LLMs, so who knows. I guess I'd want to be earning a lot more than now, that's the honest answer, and maybe I'd have started my own thing by then, or maybe I'd be at one of the big labs, depends who's hiring. I've thought about going into product management too, or maybe consulting. My friend did consulting and he says it's great. I'm open to a lot of things really. I just want to be somewhere with good people and interesting problems and good comp. I don't want to be stuck doing the same thing.""",
    "Long but aimless; only money and vague options, nothing on levels, skills or impact")

# ---------------------------------------------------------------- ic-or-management
Q = "ic-or-management"
add(Q, S, """Both tracks are real leadership paths and at my company they go equally far. Staff IC and EM are peers. I actually tried management for six months when our EM went on leave: I ran 1:1s for four people and went through a calibration cycle. I could do it, but I noticed my best weeks were the ones where I got to dig into a training instability, and the weeks full of 1:1s and review writing left me drained. So I prefer IC. My strength is technical leverage: the embedding service I designed is now used by five teams. I'd rather grow that kind of influence than organisational influence, and the Staff ICs I admire set direction for whole domains without managing anyone.""",
    "Acknowledges both, clear preference, grounded in a real trial and evidence of strengths")
add(Q, S, """I've gone back and forth, and I think both are valid ways to have impact. Where I've landed is management. For the last year I've been informal lead for three engineers on our ranking project, and what energised me most wasn't my own code. It was watching one of them go from needing step-by-step guidance to owning the retraining pipeline. I also like the cross-team coordination that most engineers find tedious. I'm not jumping straight to EM, though. I've asked for a formal tech-lead role first so I can test the people side while I'm still hands-on.""",
    "Balanced acknowledgement, preference explained by specific energy signals, sensible TL-first plan")
add(Q, S, """Both go equally high. I'm IC. My best work is architecture: I designed the feature store six teams now depend on, and I want more of that technical leverage, not org leverage. If that changes I'd try tech lead before EM.""",
    "Terse but hits all three parts with concrete evidence")
add(Q, S, """Both path are good, in my company they have the equal level. I choose management. Reason: I was tech lead for 3 persons during one year, I do the 1:1 every week, and I helped one engineer to get promoted to senior. I feel more happy when people grow than when I write the code. Also I like to organise between teams, other people find it boring but for me it's ok. I will keep enough technical to review the designs.""",
    "Non-native phrasing; acknowledges both, clear preference, backed by concrete people outcomes")
add(Q, S, """Honestly, I haven't picked for life, and I think that's healthy. IC-to-manager-to-IC is common and good companies don't punish it. What I want next is a tech-lead-manager role, and I've set myself a test: after twelve months, if hiring loops and 1:1s give me energy, I go EM; if I keep sneaking back to notebooks at 10pm, I go for Staff IC. My strengths point both ways. I'm the person people ask to debug their training runs, and I'm also the one who ends up running the cross-team syncs. So I want data on myself before I commit.""",
    "Unusual 'undecided' answer but self-aware, knows the tracks, and has a concrete way to decide")
add(Q, L, """I prefer IC because I like coding and I don't really like meetings.""",
    "A preference with a reason, but shallow; doesn't acknowledge the other track or real strengths")
add(Q, L, """So there are two tracks. On the IC side you go senior, staff, principal, and your scope grows technically, like setting direction for a domain. On the management side it's tech lead, EM, director, and you get more people scope and write less code. Some companies have a hybrid tech lead manager. They're considered equal in seniority and comp. Both have pros and cons. IC lets you stay hands-on, management lets you grow people. I think it depends on the person and the company.""",
    "Accurate description of both tracks but never states a preference or why it fits them")
add(Q, L, """ic for now. i like the deep technical stuff, model perf tuning, quantization etc. maybe mgmt later idk""",
    "Has a preference and a small reason but no acknowledgement of trade-offs or evidence")
add(Q, L, """Um, I think, like, management? Because I'm, you know, a people person, and I really like helping others. Everyone says I'm a good communicator, so, yeah, I think I'd be good at it.""",
    "Preference stated but the 'why' is generic self-praise with no evidence")
add(Q, L, """I'd say IC. I've seen Staff ICs have enormous impact, like setting the technical direction for a whole area, and I love solving deep technical problems. Management is also a great path, it's just not for me right now.""",
    "Follows the pattern but mostly recites it; nothing specific about their own strengths")
add(Q, N, """IC or management?""",
    "Degenerate: question pasted back")
add(Q, N, """Whatever the company needs. I'm flexible, I don't really have a preference either way.""",
    "No preference, no reasoning, no self-awareness")
add(Q, N, """Management, definitely. Then I could actually tell people what to do instead of spending half my week cleaning up after them. My current team is honestly pretty weak, so I'd want to fix that.""",
    "Blames teammates; motivation is control, not growing people")
add(Q, N, """Management, because that's the natural next step after senior and it pays more. I've been senior for two years so it's time.""",
    "The 'next step' and money reasoning the seed warns about; nothing about fit or strengths")

# ---------------------------------------------------------------- promotion-disappointment
Q = "promotion-disappointment"
add(Q, S, """I missed L5 in my last cycle. I was frustrated, and I gave myself the weekend to be annoyed about it rather than reacting at work. On Monday I asked my manager, and then one of the committee members, for specific feedback. They named two gaps: my impact stayed inside my own team, and I'd never driven a design doc from start to finish. I built a plan with my manager. I volunteered to lead the cross-team feature-logging project, wrote its design doc, and we checked progress against those two gaps every month. Six months later the logging work was live in three teams and I was promoted the next cycle.""",
    "Full acknowledge -> feedback -> plan -> execute arc with specific gaps and an outcome")
add(Q, S, """- Acknowledge: I didn't get Senior in the spring cycle. I told my manager honestly that I was disappointed, without arguing the decision.
- Feedback: I asked for the actual packet comments. There were two themes: "doesn't influence beyond the team" and "thin mentorship evidence".
- Plan: over six months, lead the shared eval-harness work with the search team, and formally mentor our two new grads. I wrote it down with checkpoints.
- Execute: the harness was adopted by two teams, both new grads shipped their first models on their own, and I went up in the fall cycle.""",
    "Bullet format that covers every step with concrete gaps and results")
add(Q, S, """Passed over for Staff in 2022. I asked for the packet feedback: "depth without breadth, weak exec communication." I picked those two gaps and made a 6-month plan with my manager: I owned the org's GPU cost review and presented it to the director every month. I was promoted two cycles later. The review also saved about $1.1M a year, which mattered more to me than the title.""",
    "Terse, specific feedback, targeted plan, measurable execution")
add(Q, S, """I treat a "not yet" like a failed experiment. The hypothesis that my work spoke for itself was falsified, so I went and collected data. I asked three people on the committee what they had actually seen: lots of excellent modelling, and almost no evidence that I'd changed what anyone else did. That told me the intervention. I started a monthly ML review for the three recommender teams, and I wrote the proposal that unified our negative-sampling code. I also asked my manager to re-check my packet at the halfway point, which I hadn't done the first time. The next cycle went through.""",
    "Unusual framing, but acknowledges, gathers feedback, targets the gap and follows through")
add(Q, S, """Last year I was not promoted to senior. I was dissapointed honestly, and I did not hide it from my manager. I asked what exactly was missing. She said I handle incidents very well but I only execute assigned work. So we agreed a plan: I propose and lead one improvement outside my tickets. I proposed to automate model rollback in our deploy pipeline, and I led 2 other engineers on it for around 3 months. Rollbacks went from ~40 minutes manual to 3 minutes. Next cycle I got promoted.""",
    "Non-native with a typo, but a complete arc with concrete feedback, plan and numbers")
add(Q, L, """I'd ask my manager for feedback on what was missing, put together a plan to close the gaps, and then work on it over the next cycle.""",
    "Names the right steps but hypothetically, with no real story or result")
add(Q, L, """When I missed promotion I basically doubled down. I worked longer hours, shipped more models than anyone on the team that half, and made sure my manager saw all of it in our weekly updates.""",
    "Has an action, but it's only doing the current job harder; no feedback sought")
add(Q, L, """I was pretty upset, not gonna lie. I talked to my manager and she said I needed more "visibility". I'm still kind of figuring out what that means in practice, to be honest.""",
    "Acknowledges and gets feedback but no plan or execution")
add(Q, L, """Um so like, it's happened to me, you know, and I think the key thing is like not taking it personally? I just, um, asked for some feedback and kind of kept going, and, yeah, it worked out eventually.""",
    "Right instincts but vague; no concrete gaps, plan or result")
add(Q, L, """I think the most important thing is having a growth mindset. When I didn't get promoted, I saw it as an opportunity to learn and grow rather than a setback. I reflected a lot on my journey and what I want from my career, I read a couple of books on leadership, and I tried to stay positive and keep supporting my team. Being resilient is key in this industry because things don't always go your way, and it's about the long game. I also think it's important to celebrate other people's promotions, which I did. Eventually I did get promoted the following year, so I think the mindset really helped.""",
    "Healthy attitude but mostly platitudes; no specific feedback or targeted plan")
add(Q, N, """fine""",
    "Degenerate: one-word answer")
add(Q, N, """Honestly the process is political. My manager didn't fight for me and the committee didn't even understand my work. So I started interviewing elsewhere.""",
    "Blames others; no feedback sought, no plan")
add(Q, N, """I don't really get disappointed by that stuff. Titles don't matter to me.""",
    "Dodges the question; no acknowledgement or learning")
add(Q, N, """I just keep my head down and keep doing good work. Eventually they'll notice.""",
    "Passive; hopes to be noticed, which is the seed's explicit no-hire pattern")

# ---------------------------------------------------------------- staff-promotion-strategy
Q = "staff-promotion-strategy"
add(Q, S, """Two years at L5 doing deep work on one model tells me the gap isn't quality, it's scope. My strategy:
1. Sit down with my manager now and agree what L6 would look like for me specifically, so we're building toward the same packet.
2. Find a problem bigger than my model. Every Shopping recommender struggles with new products that have no interaction history, so I'd propose a shared cold-start component instead of each team hacking its own.
3. Write a 12-month ML strategy doc for Shopping recommendations and get the partner TLs to review and sign up to it.
4. Lead the cold-start work across two or three teams I don't manage. That's the influence-without-authority evidence.
5. Report everything in business terms: incremental revenue and conversion on new listings, not AUC.
6. Get visible: give an internal tech talk, and mentor engineers on the partner teams, not just mine.""",
    "Multi-pronged: scope expansion, org influence, business framing, manager alignment, visibility")
add(Q, S, """First I'd stop assuming that being excellent on my model gets me there. At L6 the committee wants org-level scope. So step one is a conversation with my manager to make the L6 bar concrete for my situation. Then I'd look for a cross-cutting problem. In Shopping there are several recommendation surfaces, home feed, "similar items", email, and I'd bet each has its own candidate generation. I'd propose a shared product-embedding layer, write the design and a multi-quarter roadmap, and drive it with the other surfaces' leads. I'd measure it in GMV and in fewer engineer-weeks of duplicated work. Alongside that, I'd run a recsys reading group across teams so people start consulting me on decisions outside my own model.""",
    "Covers scope expansion, cross-team influence and business framing in a concrete plan")
add(Q, S, """Stop polishing my model, start owning the domain: (1) pick a cross-team pain point, e.g. cold start hurts every Shopping recommender; (2) write the 12-month rec strategy and get the partner TLs to sign it; (3) lead the fix across 3 teams I don't manage; (4) report it as revenue, not AUC; (5) agree the L6 bar with my manager up front.""",
    "Terse but clearly multi-pronged per the rubric")
add(Q, S, """so honestly the trap here is doing L5 work faster. committee wont care that my model is 3% better. plan:
- ask my mgr + a staff eng i trust what the L6 gap looks like for *me*, write it down
- find something that spans teams. for shopping recs prob feature freshness or cold start, every team has the problem and nobody owns it
- write the strategy doc (12ish months), socialize w/ partner teams, get buy-in
- actually lead it across teams w/o authority
- talk in $$: "this moved shopping revenue by X" not "ndcg went up"
- do a tech talk + mentor ppl outside my team so im known beyond my pod
- check in on the packet every quarter, not just at promo time""",
    "Chatty style but a complete multi-pronged strategy that hits every rubric element")
add(Q, S, """I'd think of it as changing from a farmer to a gardener. For two years I've been tending one very productive plot, the Shopping recommendation model. Staff is about deciding what gets planted across the whole garden. Concretely: I'd agree the L6 criteria with my manager first, so we share a picture of success. Then I'd write a strategy for the Shopping recommendation domain that names the two or three investments that matter most, probably a shared cold-start and exploration layer. I'd recruit leads from the neighbouring teams to co-own it, because Staff influence has to work without a reporting line. And I'd translate every milestone into money and customer outcomes, so the people who fund the work can see why it matters.""",
    "Unusual metaphor, but has scope expansion, strategy doc, cross-team influence, business framing")
add(Q, L, """I'd keep pushing the model: squeeze out another 2-3% AUC, cut serving latency, and run more experiments per quarter, so my impact is so big they can't ignore it.""",
    "Only doing current work better/faster; the rubric's lean pattern")
add(Q, L, """I'd ask my manager what I need to do for Staff. I'd probably also level up on more advanced modelling, like LLM-based recommenders, to stay ahead technically.""",
    "Manager alignment is one good prong, but the rest is deeper current work; no scope or influence")
add(Q, L, """I'd continue improving the recommendation model, but I'd get much better at framing it. Instead of saying AUC went up 2%, I'd say my work added $X million a year in Shopping revenue. Committees respond to business impact.""",
    "Business framing is good but scope stays the same single model")
add(Q, L, """Um, so, I guess I'd, like, take on more mentoring on my own team, you know, help the juniors. And I'd deliver my roadmap faster, maybe ship the next model version a quarter early. That's, um, the kind of thing that shows you're ready, I think.""",
    "Faster delivery plus team-level mentoring; no org-level scope or cross-team influence")
add(Q, L, """I will become the expert of recommendation systems. I read many papers, implement the newest architecture in our model, and write an internal paper about the results. Then everybody will know I am the best in recsys.""",
    "Depth without breadth; some visibility but no scope expansion or business framing")
add(Q, N, """scope expansion, cross-team influence, tech strategy doc, business impact, visibility, mentoring, cold start, stakeholder alignment""",
    "Degenerate: relevant keywords listed with no strategy or story")
add(Q, N, """Honestly I'd just keep doing excellent work on the model. If the work is good, management will notice eventually and the promotion will come.""",
    "The rubric's exact no-hire pattern: keep doing good work and hope to be noticed")
add(Q, N, """Getting Staff at Google is basically impossible, so I'd probably just move to a startup where they'd give me the Staff title right away.""",
    "Dodges the problem; no strategy for earning Staff scope")
add(Q, N, """So I've been at L5 for two years and, to be fair, I think I'm already doing Staff-level work. The model I own is one of the most important in Shopping. I retrained it on the new data pipeline, I fixed a bunch of bugs in feature generation, I handle all the on-call for it, and I basically know it better than anyone. The issue is that the committee doesn't really understand recommendation systems, and my manager is new and doesn't know my history. I'd keep doing what I'm doing, maybe make sure my manager has a list of everything I've done, and hope the next committee is better calibrated. It's a bit of a lottery honestly.""",
    "Long, but blames the committee and plans to keep doing the same work and wait")

# ---------------------------------------------------------------- influence-without-authority
Q = "influence-without-authority"
add(Q, S, """Our ML platform team owned the deployment pipeline, and there was no validation gate. Models went straight from training to 100% traffic. I wasn't on that team and had no say over their roadmap. We'd had three incidents in one quarter where a bad model shipped, including one that cut CTR on our feed by 6% for a day. Instead of escalating, I pulled together the postmortems, estimated the revenue lost, and built a prototype shadow-evaluation step that ran in our own project. Their main worry was that it would add latency to deploys, so I measured it: under four minutes. I wrote a two-page proposal with their TL as co-author and offered to do the first integration myself. They adopted it in the next quarter, five teams are on it now, and bad-model incidents went from three a quarter to zero in the two quarters after.""",
    "Specific situation, data-driven persuasion, addressed objections, shared credit, measurable result")
add(Q, S, """- Context: the data eng team's click-event schema dropped session IDs, and that leaked labels into our training data. Not my team; different org.
- What I did: I quantified it (about 4% precision loss on our top model), showed their lead the two-line repro, and offered to write the migration and the backfill myself.
- Their objection was downstream consumers breaking. I found the 7 consumers and checked each one.
- Result: they shipped the fix in 3 weeks, and our precision recovered fully. Their lead now pings me before schema changes.""",
    "Concise bullet story with numbers, handled the objection, lasting influence")
add(Q, S, """The research group next door evaluated their models on their own scripts, so every handoff to us took about two weeks of argument about numbers. I had no power there, they don't report anywhere near me. So I did not argue. I made it cheaper for them to say yes. I packaged our eval harness so it could run with one command on their cluster, ran it on their last three models myself, and showed that two of their "wins" disappeared on held-out data. That got their attention more than any meeting. They adopted the harness, and the handoff went from two weeks to two days.""",
    "Non-native-ish voice, clever tactic, concrete evidence and a measured result")
add(Q, L, """The infra team wanted to move us to a new orchestration tool I thought was a bad idea. I raised it with my manager, who talked to their manager, and eventually they agreed to delay it by a quarter.""",
    "Real situation, but influence came through escalation rather than their own persuasion")
add(Q, L, """I usually influence other teams by building relationships, sharing data, listening to their concerns, and finding win-win solutions. I think trust is the foundation of influence without authority.""",
    "Sensible principles but no actual story or outcome")
add(Q, L, """I wrote a design doc proposing that the three ranking teams move their training jobs to Ray, since we were each maintaining our own scheduler. I presented it at the cross-team sync and got good feedback. It's still being discussed, I think, and a couple of people liked it.""",
    "Good initiative and scope, but no evidence it changed the decision and no result")
add(Q, N, """I haven't really had to do that. On my teams people usually go with what I say, since I'm normally the most senior engineer.""",
    "No example; relies on authority, which misses the point of the question")
add(Q, N, """The feature team's TL was being stubborn about a config default that was hurting our model, so I just opened a PR against their repo and got someone on my team to approve it. Problem solved.""",
    "Bypassed the other team instead of influencing them; a red flag")

# ---------------------------------------------------------------- business-impact-framing
Q = "business-impact-framing"
add(Q, S, """I rebuilt our training data loader and moved us to mixed precision, which cut the time to train our main ranking model by 40%, from about 10 hours to 6. I didn't stop at the speed-up though. I worked with finance on the GPU bill, and it came to roughly $200K a quarter saved. More important, the team went from one full experiment a day to two, so we shipped two extra ranking launches that half. I tracked it three ways: the compute invoice before and after, experiments completed per week from our tracker, and the A/B results of the launches it unblocked.""",
    "Technical win tied to cost and experiment velocity, with clear measurement")
add(Q, S, """Biggest one: a new "complete the look" recommender on product pages. We measured it with a two-week A/B test at 5% traffic: add-to-cart up 2.3% on exposed sessions, with return rate and page latency as guardrails (both flat). Annualised, that came to about $4M in incremental revenue. We confirmed it held at 50% traffic before the full rollout.""",
    "Concise, proper experiment design with guardrails and a dollar impact")
add(Q, S, """probably the chargeback model at my last job. we were losing ~$80k/mo to fraud chargebacks. i built a gbdt on device + velocity features and ran it in shadow mode for a month first to get the precision/recall curve against real labels. then we picked a threshold with the risk team so we wouldn't block good customers (false decline rate was the metric they cared about). after launch chargebacks dropped to ~$30k/mo, false declines went up only 0.2%. measured via the monthly finance report + our own dashboard""",
    "Casual but clear business baseline, careful trade-off metric and measured outcome")
add(Q, L, """I improved our text classifier from 0.81 to 0.84 AUC by switching to a fine-tuned transformer and cleaning up the labels. It was a big jump for that problem, and I measured it on our held-out test set.""",
    "Solid technical result but never connected to any business outcome")
add(Q, L, """I led the new search ranking model last year. It increased revenue a lot. The PM said it was one of the biggest wins of the year, so I'd say very impactful.""",
    "Business claim is there but the measurement is hearsay with no numbers or method")
add(Q, L, """I built an internal RAG chatbot so support agents could search our docs. Adoption was great and people really liked it. We measured impact with a thumbs-up/down button, and about 70% of ratings were positive.""",
    "A real project and a metric, but satisfaction is a proxy; no link to handle time or cost")
add(Q, N, """Honestly, all my projects are impactful. I don't get too hung up on measuring. You can usually tell when something is working.""",
    "No project, no measurement")
add(Q, N, """My most impactful project was rewriting our feature pipeline in Rust. It's so much more elegant now and the code is beautiful. Impact-wise, I mean, it's just better engineering. Nobody asked for it, but I think it was worth it.""",
    "Technology for its own sake; no business impact and no measurement")

# ---------------------------------------------------------------- mentoring
Q = "mentoring"
add(Q, S, """I mentored Priya, a new-grad L3 who joined our recommendations team. In her first month she'd wait days before asking for help and then spiral on debugging. We set up a weekly 1:1 with one rule: bring your stuck point, not a status update. I paired with her on two debugging sessions and narrated how I bisect a training regression. Then I deliberately handed her ownership of our offline eval pipeline, with me reviewing rather than doing. Within six months she was catching regressions before I did. She led the next retraining project, and she was promoted to L4 after about 18 months. The change I'm proudest of is that she now runs onboarding for our new hires.""",
    "Specific person, deliberate methods, clear before/after and a measurable outcome")
add(Q, S, """A senior engineer on a partner team asked me to help him toward Staff. His technical work was excellent, but everything he wrote was about his own model. We met every two weeks for about five months. I had him draft a strategy doc for the shared feature platform his model depended on, and I gave him blunt line-by-line feedback on three drafts. I also got him a slot presenting it at our org review. What changed: he stopped framing his work in AUC and started framing it in team-hours saved, he now leads a working group across four teams, and he was promoted this year.""",
    "Mentoring at senior level with a specific approach and a concrete change in scope")
add(Q, S, """Mentee: an intern, Tomas, on our ML infra team.
- Start: strong coder, but scared of production and he never asked questions in public channels.
- What I did: gave him a real but contained project (autoscaling for a batch inference job), had him shadow my on-call shift, and made him present his design to the team in week 4 instead of week 11.
- Changed: he shipped it, cutting GPU idle time on that job by about 30%, handled a real page with me as backup, and got a return offer. He told me the early design review was what made him stop being afraid to ask.""",
    "Bullet format with concrete actions, measurable project impact and a change in behaviour")
add(Q, L, """I mentor a lot of people. I'm always answering questions in Slack and I try to be approachable. Juniors come to me all the time.""",
    "Helpful disposition but no specific person, approach or outcome")
add(Q, L, """I mentored a junior engineer on my team for about a year. We had regular 1:1s, and I reviewed his code and gave him feedback. He got a lot better at coding over that time.""",
    "A real relationship, but the change is vague and the methods are generic")
add(Q, L, """Um, so last summer I had an intern, and, like, the project was kind of hard for her, so I, you know, ended up writing a lot of the tricky parts myself so she could finish in time. She did finish and presented it, and, um, everyone liked the demo.""",
    "Project finished, but the mentor did the work, so unclear the intern grew")
add(Q, N, """I don't really mentor people. I think juniors should figure things out on their own like I had to. That's how you learn.""",
    "No example, and dismisses mentoring")
add(Q, N, """I was assigned a mentee last year, but he wasn't very strong, so honestly nothing really changed. Some people just don't have it.""",
    "Blames the mentee; no effort or outcome")

# ---------------------------------------------------------------- oncall-incident
Q = "oncall-incident"
add(Q, S, """I got paged at 2am: p99 latency on our recommendation serving endpoint had gone from 80ms to over 900ms and requests were timing out, so users were getting the fallback popular-items list. First I mitigated. The model version hadn't changed, but a feature-store deploy had gone out an hour earlier, so I rolled the feature service back and latency recovered within 15 minutes. I posted updates in the incident channel every 20 minutes. The next day I found the root cause: a schema change had turned a dense feature into a very large sparse one, and our serializer handled that badly. I wrote the postmortem, added a schema contract test between the feature store and the serving layer, and set a latency SLO alert on the feature service itself so it would page before users noticed. We estimated about 40 minutes of degraded recommendations.""",
    "Clear detection, mitigation-first, root cause, communication and preventive follow-ups")
add(Q, S, """Silent one: no alerts fired, but CTR on our feed model had dropped about 8% over three days. The upstream job that refreshed user embeddings had been failing quietly, so the model was serving with stale features. I re-ran the job, backfilled, and CTR recovered the same day. The follow-up was the real fix: a feature-freshness monitor that pages when any input is older than 6 hours, plus a freshness dashboard for each model. It has caught two more stale-feature cases since.""",
    "Concise; subtle ML-specific failure, quick fix and a lasting preventive measure")
add(Q, S, """ok so LLM inference cluster, friday evening, pods OOMing during a traffic spike. autoscaler kept adding replicas but each new one OOM'd on load because someone had bumped max context length in the config that morning -> bigger kv cache. mitigated by reverting the config and capping batch size, got error rate from ~20% back to <0.5% in about 25 min. i escalated to the platform on-call early because the scaling bit was theirs, didn't try to hero it. postmortem action items: config changes to serving need a load test gate, and we added memory headroom alerts. nobody got paged for it again""",
    "Chat style but sound triage, correct escalation, numbers and prevention")
add(Q, L, """Our model server started throwing 500s one night. I restarted the pods and it went away. I think it was a memory leak. It didn't come back, so we moved on.""",
    "Mitigated, but no root cause, no impact sizing and no follow-up")
add(Q, L, """We had a case where the batch scoring job didn't finish before the morning deadline, so downstream dashboards were empty. I was on call, so I looked into it, saw the cluster was overloaded, got more nodes, and re-ran it. It finished a few hours late. I think the key to on-call is staying calm and being methodical.""",
    "Handled it, but the cause is shallow and there's no prevention or learning")
add(Q, L, """So this was my first month on call, and honestly it was a bit overwhelming. We got an alert that the fraud model's score distribution had shifted. I looked at the dashboards for a while, and I wasn't sure whether it was real drift or a data problem. There were a lot of graphs and I didn't know which ones mattered, so after about an hour I paged my senior backup. She figured out that a partner had changed a currency field to cents, and she rolled back the feature. I wrote up the timeline for the postmortem and learned a lot about which dashboards to check first. I think next time I'd escalate sooner.""",
    "Honest and reflective with some learning, but a passive role with little ownership of the fix")
add(Q, N, """I try to avoid on-call if I can. I'm more of a modelling person, not really an ops person, so someone else usually handles that.""",
    "Avoids on-call; a red flag in the ladder")
add(Q, N, """The data team pushed bad data and our model started giving garbage predictions. It was completely their fault, so I filed a ticket with them and went back to sleep. They fixed it the next afternoon.""",
    "Blames another team and takes no ownership of mitigating user impact")


def main():
    out = Path(__file__).resolve().parent / "devset.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for r in ROWS:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(ROWS)} rows to {out}")


if __name__ == "__main__":
    main()
