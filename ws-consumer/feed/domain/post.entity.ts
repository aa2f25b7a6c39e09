/** A stored post as a viewer sees it: with its author's name, its likes and whether the viewer likes it. */
export interface Post {
  id: string;
  /** The order in which the core stored posts: the feed's page key. */
  feedSeq: number;
  author: { id: string; username: string };
  body: string;
  imageUrls: string[];
  likesCount: number;
  isLiked: boolean;
  createdAt: Date;
}

/** A post as the core receives it from stream FEED. */
export interface IncomingPost {
  id: string;
  authorId: string;
  body: string;
  imageUrls: string[];
  createdAt: Date;
}

/** One user in a followers or following list, with the page key of the follow. */
export interface FollowEntry {
  user: { id: string; username: string };
  since: Date;
  seq: number;
}
